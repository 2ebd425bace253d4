using Microsoft.AspNetCore.Http.Features;

namespace IdentityE2E.Frontend.Security;

/// <summary>
/// How big a form post to the public frontend may be (line and header limits come with the service
/// defaults). The pages post a handful of short fields; anything near this is a mistake or an attack,
/// and refusing it early keeps it from costing memory.
/// </summary>
internal static class FormLimits
{
    /// <summary>A form post is well under 1 KiB (five fields and the antiforgery token).</summary>
    public const int MaxRequestBodySize = 32 * 1024;

    /// <summary>
    /// Answers 413 to a body over the limit before the pages see it. Forms are read here, once (the
    /// antiforgery check and Blazor's form mapping reuse what was read): otherwise the antiforgery check
    /// is the first to read a form, and it reports Kestrel's refusal of a too-large body as a missing
    /// token (400), which would hide why the post failed.
    /// </summary>
    public static async Task RefuseOversizeBodies(HttpContext context, RequestDelegate next)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, limit);
            return;
        }

        if (context.Request.HasFormContentType)
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
            {
                // A chunked body that grew past the limit (413), or one that ended early (400).
                await RefuseAsync(context, e.StatusCode, limit);
                return;
            }
            catch (InvalidDataException)
            {
                // More fields, or longer names or values, than FormOptions allow, or a NUL in a value:
                // nothing a page posts.
                await RefuseAsync(context, StatusCodes.Status400BadRequest, limit);
                return;
            }
        }

        await next(context);
    }

    private static Task RefuseAsync(HttpContext context, int statusCode, long? limit)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var message = statusCode == StatusCodes.Status413PayloadTooLarge
            ? $"Requests must be at most {limit / 1024} KiB."
            : "The form could not be read.";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
