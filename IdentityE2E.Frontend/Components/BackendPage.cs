using System.Globalization;
using IdentityE2E.Frontend.Identities;
using IdentityE2E.Frontend.SignIn;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Components;

namespace IdentityE2E.Frontend.Components;

/// <summary>
/// Base of the pages that talk to the backend. They run their backend calls through
/// <see cref="WithBackendAsync"/> and wrap their markup in <see cref="BackendGate"/>: an outage then
/// becomes a 503 page with a retry link and a missing identity a 404 page, in one place.
/// </summary>
public abstract partial class BackendPage : ComponentBase
{
    /// <summary>Marks a request whose 404 is about a missing identity rather than an unknown address.</summary>
    public const string IdentityNotFoundItem = "IdentityE2E.IdentityNotFound";

    [CascadingParameter]
    protected HttpContext? HttpContext { get; set; }

    [Inject]
    protected BackendClient Backend { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<BackendPage> Logger { get; set; } = default!;

    [Inject]
    private IOptions<AuthOptions> Auth { get; set; } = default!;

    /// <summary>Whether to offer create, edit, verify, reject and delete; the backend checks it again on every call.</summary>
    protected bool MayEdit => HttpContext?.User is { } user && StaffPolicies.IsEditor(user, Auth.Value.GroupsClaim);

    /// <summary>What stops the page from showing its content, if anything.</summary>
    protected PageProblem Problem { get; private set; }

    /// <summary>
    /// True while handling a form post. Pages then leave the backend alone until the submit handler
    /// runs, so that an outage or a missing identity cannot hide the form the post is dispatched to.
    /// </summary>
    protected bool IsPost => HttpMethods.IsPost(HttpContext?.Request.Method ?? string.Empty);

    /// <summary>Runs backend work unless the page already has a problem; an outage becomes the page's problem.</summary>
    protected async Task WithBackendAsync(Func<CancellationToken, Task> work)
    {
        if (Problem is not PageProblem.None)
        {
            return;
        }

        try
        {
            await work(HttpContext?.RequestAborted ?? CancellationToken.None);
        }
        catch (BackendUnavailableException e)
        {
            LogBackendUnavailable(e, HttpContext?.Request.Method, HttpContext?.Request.Path);
            Problem = PageProblem.BackendUnavailable;
            if (HttpContext is { Response.HasStarted: false } context)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                if (e.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
            }
        }
        catch (BackendRefusedException e)
        {
            // Not an error: the user's rights (403) or a token the backend no longer takes (401). The page
            // says which in plain words; nothing was changed.
            LogBackendRefused(HttpContext?.Request.Method, HttpContext?.Request.Path, e.Forbidden ? 403 : 401);
            Problem = e.Forbidden ? PageProblem.NotAllowed : PageProblem.SignInAgain;
            SetStatusCode(e.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized);
        }
    }

    /// <summary>
    /// Answers 404: the not-found page then says, in plain words, that the identity does not exist.
    /// On a post, call it from the submit handler, not while initializing: Blazor dispatches the submit
    /// to the named form only if the first render still shows it.
    /// </summary>
    protected void ShowIdentityNotFound()
    {
        Problem = PageProblem.IdentityNotFound;
        if (HttpContext is not null)
        {
            HttpContext.Items[IdentityNotFoundItem] = true;
        }

        Navigation.NotFound();
    }

    /// <summary>Sets the status code of the page's response (static rendering: the response has not started yet).</summary>
    protected void SetStatusCode(int statusCode)
    {
        if (HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.StatusCode = statusCode;
        }
    }

    /// <summary>A result the backend client does not give for this call: a bug, so it is a 500.</summary>
    protected static InvalidOperationException Unexpected(BackendResult result) =>
        new($"The page does not handle the backend result {result.GetType().Name}.");

    [LoggerMessage(Level = LogLevel.Information, Message = "The backend refused {Method} {Path} with {StatusCode}")]
    private partial void LogBackendRefused(string? method, string? path, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backend was unavailable for {Method} {Path}")]
    private partial void LogBackendUnavailable(Exception exception, string? method, string? path);
}

/// <summary>Why a page shows a plain-words message instead of its content.</summary>
public enum PageProblem
{
    None,
    BackendUnavailable,
    IdentityNotFound,
    NotAllowed,
    SignInAgain,
}
