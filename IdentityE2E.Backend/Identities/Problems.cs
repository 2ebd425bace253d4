using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityE2E.Backend.Identities;

/// <summary>The problem details the identities API answers with, worded for the people who read them.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "The identity was not found.",
        detail: "No identity exists with this id. It may have been deleted.");

    public static ProblemHttpResult EmailTaken() => TypedResults.Problem(new HttpValidationProblemDetails(
        new Dictionary<string, string[]> { ["email"] = ["Another identity already uses this email."] })
    {
        Status = StatusCodes.Status409Conflict,
        Title = "The email is already in use.",
        Detail = "Emails are unique, ignoring letter case. Use another email.",
    });

    public static ProblemHttpResult PreconditionRequired() => TypedResults.Problem(
        statusCode: StatusCodes.Status428PreconditionRequired,
        title: "If-Match is required.",
        detail: "Send the ETag of the identity you changed in If-Match, so that changes made by others are not overwritten.");

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The identity has changed.",
        detail: "Someone changed the identity since you read it. Get it again, then repeat your change with its new ETag.");

    public static ProblemHttpResult InvalidIfMatch() => TypedResults.Problem(new HttpValidationProblemDetails(
        new Dictionary<string, string[]> { ["If-Match"] = ["If-Match must be one ETag as received, for example \"3\"."] })
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "If-Match is not valid.",
    });
}
