namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// The inline-markup check looks at real tags only: a stored name that reads like markup is shown encoded
/// and must not fail a page, while a real inline handler or style must.
/// </summary>
public sealed class ExpectedHeadersTests
{
    [Theory]
    [InlineData("""<td>&lt;img src=x onerror=alert(2)&gt;</td>""")]
    [InlineData("""<input name="familyName" value="<img src=x onerror=alert(2)>">""")]
    [InlineData("""<a href="/identities/1" title='a style="x"'>x</a>""")]
    public void EncodedOrQuotedTextThatLooksLikeAnAttributePasses(string html)
    {
        ExpectedHeaders.AssertNothingInline(html);
    }

    [Theory]
    [InlineData("""<img src="x" onerror="alert(2)">""")]
    [InlineData("""<div style="color:red">x</div>""")]
    [InlineData("""<button type="submit" onclick = 'go()'>Go</button>""")]
    [InlineData("""<input value="<b>" onfocus=alert(1)>""")]
    [InlineData("""<p>x</p><script src="/app.js"></script>""")]
    public void ARealInlineHandlerStyleOrScriptFails(string html)
    {
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ExpectedHeaders.AssertNothingInline(html));
    }
}
