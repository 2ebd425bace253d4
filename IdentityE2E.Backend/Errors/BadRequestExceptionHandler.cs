using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace IdentityE2E.Backend.Errors;

/// <summary>
/// Answers requests that could not be read (malformed JSON, unknown properties, wrong types, wrong
/// content type, a body too large) with problem details naming the culprit, instead of an empty 400.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if ((exception as BadHttpRequestException ?? UnsupportedCharset(httpContext.Request, exception)) is not { } badRequest)
        {
            return false;
        }

        LogBadRequest(badRequest.StatusCode, httpContext.Request.Method, httpContext.Request.Path, badRequest.Message);
        var problem = badRequest.InnerException is JsonException json
            ? new HttpValidationProblemDetails(JsonErrors(json)) { Title = "The request body is not valid." }
            : new ProblemDetails { Title = TitleOf(badRequest.StatusCode), Detail = DetailOf(badRequest.StatusCode) };
        problem.Status = badRequest.StatusCode;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// ASP.NET Core reads a JSON body in the charset its Content-Type names and throws
    /// InvalidOperationException, a 500, when it knows no such encoding (a made-up name, or utf-7,
    /// which .NET refuses). For the client that is an unsupported media type.
    /// </summary>
    internal static BadHttpRequestException? UnsupportedCharset(HttpRequest request, Exception exception)
    {
        if (exception is not InvalidOperationException { InnerException: ArgumentException or NotSupportedException }
            || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || mediaType.Charset is not { Length: > 0 } charset
            || IsKnownEncoding(charset.Value!))
        {
            return null;
        }

        return new BadHttpRequestException($"The charset {charset} is not supported.", StatusCodes.Status415UnsupportedMediaType, exception);
    }

    private static bool IsKnownEncoding(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Names the top-level property the reader stopped at, or <c>body</c> when it stopped outside one.</summary>
    internal static Dictionary<string, string[]> JsonErrors(JsonException exception)
    {
        var property = TopLevelProperty(exception.Path);
        // System.Text.Json has no error code for an unmapped member; its message is the only tell.
        var message = exception.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "This property is not known."
            : property == "body" ? "The request body is not valid JSON." : "The value has the wrong type or format.";
        return new() { [property] = [message] };
    }

    internal static string TopLevelProperty(string? path)
    {
        if (path is null || !path.StartsWith('$') || path.Length < 3)
        {
            return "body";
        }

        if (path.StartsWith("$['", StringComparison.Ordinal))
        {
            var end = path.IndexOf("']", 3, StringComparison.Ordinal);
            return end > 3 ? path[3..end] : "body";
        }

        if (path[1] != '.')
        {
            return "body";
        }

        var rest = path[2..];
        var stop = rest.IndexOfAny(['.', '[']);
        return stop switch { 0 => "body", > 0 => rest[..stop], _ => rest };
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The content type is not supported.",
        _ => "The request could not be read.",
    };

    internal static string DetailOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => $"Request bodies must be at most {Extensions.MaxRequestBodySize / 1024} KiB.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json in UTF-8.",
        _ => "Send a JSON object as the request body.",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected {Method} {Path} with {StatusCode}: {Reason}")]
    private partial void LogBadRequest(int statusCode, string method, string path, string reason);
}
