using System.Security.Claims;
using IdentityE2E.Backend.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Identities;

internal static class IdentitiesApi
{
    /// <summary>Maps the identities endpoints under /api/identities.</summary>
    public static RouteGroupBuilder MapIdentitiesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/identities")
            .WithTags("Identities")
            // Every route needs a valid token; each then names the policy of what it does.
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/", ListAsync).WithName("ListIdentities")
            .RequireAuthorization(AccessRules.ReadPolicy);
        group.MapGet("/{id}", GetAsync).WithName("GetIdentity")
            .RequireAuthorization(AccessRules.ReadPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync).WithName("CreateIdentity")
            .RequireAuthorization(AccessRules.WritePolicy)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id}", UpdateAsync).WithName("UpdateIdentity")
            .RequireAuthorization(AccessRules.WritePolicy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPut("/{id}/status", ChangeStatusAsync).WithName("ChangeIdentityStatus")
            .RequireAuthorization(AccessRules.WritePolicy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetIdentityHistory")
            .RequireAuthorization(AccessRules.ReadPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteIdentity")
            .RequireAuthorization(AccessRules.WritePolicy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return group;
    }

    internal static async Task<Results<Ok<IdentityPage>, ValidationProblem>> ListAsync(
        [FromQuery] string? limit, [FromQuery] string? cursor, [FromQuery] string? status,
        IdentityStore store, IOptions<CursorOptions> cursorOptions, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IdentityValidation.TryParseLimit(limit, out var pageSize))
        {
            errors["limit"] = [$"Limit must be a whole number from 1 to {IdentityValidation.MaxPageSize}."];
        }

        var filter = string.IsNullOrEmpty(status) ? null : status;
        PageCursor? after = null;
        if (filter is not null && !IdentityStatus.IsKnown(filter))
        {
            errors["status"] = [IdentityValidation.StatusMessage];
        }
        else if (!string.IsNullOrEmpty(cursor) && !PageCursor.TryDecode(cursor, filter, cursorOptions.Value.SigningKey, out after))
        {
            errors["cursor"] = ["The cursor is not valid for this query. Start again from the first page."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (items, next) = await store.ListAsync(filter, pageSize, after, cancellationToken);
        return TypedResults.Ok(new IdentityPage(
            [.. items.Select(item => item.ToIdentity())],
            next?.Encode(cursorOptions.Value.SigningKey)));
    }

    internal static async Task<Results<Ok<Identity>, ProblemHttpResult>> GetAsync(
        string id, IdentityStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var item = IdentityValidation.IsWellFormedId(id) ? await store.FindAsync(id, cancellationToken) : null;
        if (item is null)
        {
            return Problems.NotFound();
        }

        response.Headers.ETag = EntityTag.Of(item.Version);
        return TypedResults.Ok(item.ToIdentity());
    }

    /// <summary>Who changed what and when, oldest first; still answers after a delete, with the delete marker last.</summary>
    internal static async Task<Results<Ok<IdentityHistory>, ProblemHttpResult>> HistoryAsync(
        string id, IdentityStore store, CancellationToken cancellationToken)
    {
        var entries = IdentityValidation.IsWellFormedId(id) ? await store.HistoryAsync(id, cancellationToken) : [];
        return entries.Count == 0
            ? Problems.NotFound()
            : TypedResults.Ok(new IdentityHistory([.. entries.Select(entry => entry.ToEntry())]));
    }

    internal static async Task<Results<Created<Identity>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [FromBody] CreateIdentityRequest request, IdentityStore store, TimeProvider time, ClaimsPrincipal user,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (IdentityValidation.Validate(request, time.GetUtcNow(), out var errors) is not { } fields)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await store.CreateAsync(fields, Actor.Of(user), cancellationToken);
        if (result is not { Outcome: WriteOutcome.Done, Item: { } item })
        {
            return Problems.EmailTaken();
        }

        response.Headers.ETag = EntityTag.Of(item.Version);
        return TypedResults.Created($"/api/identities/{item.Id}", item.ToIdentity());
    }

    internal static async Task<Results<Ok<Identity>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] UpdateIdentityRequest request,
        IdentityStore store, TimeProvider time, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!IdentityValidation.IsWellFormedId(id))
        {
            return Problems.NotFound();
        }

        if (RequireIfMatch(ifMatch, out var precondition, out var expectedVersion) is { } refused)
        {
            return refused;
        }

        if (IdentityValidation.Validate(request, time.GetUtcNow(), out var errors) is not { } fields)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (precondition == IfMatchKind.NoMatch)
        {
            return await store.FindAsync(id, cancellationToken) is null ? Problems.NotFound() : Problems.PreconditionFailed();
        }

        var result = await store.UpdateAsync(
            id, precondition == IfMatchKind.Version ? expectedVersion : null, fields, Actor.Of(user), cancellationToken);
        return Changed(result, response);
    }

    /// <summary>Verifies, rejects or resets an identity; If-Match is required, as for every change of a known state.</summary>
    internal static async Task<Results<Ok<Identity>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] ChangeStatusRequest request,
        IdentityStore store, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!IdentityValidation.IsWellFormedId(id))
        {
            return Problems.NotFound();
        }

        if (RequireIfMatch(ifMatch, out var precondition, out var expectedVersion) is { } refused)
        {
            return refused;
        }

        if (!IdentityStatus.IsKnown(request.Status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [IdentityValidation.StatusMessage] });
        }

        if (precondition == IfMatchKind.NoMatch)
        {
            return await store.FindAsync(id, cancellationToken) is null ? Problems.NotFound() : Problems.PreconditionFailed();
        }

        var result = await store.ChangeStatusAsync(
            id, precondition == IfMatchKind.Version ? expectedVersion : null, request.Status!, Actor.Of(user), cancellationToken);
        return Changed(result, response);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, [FromHeader(Name = "If-Match")] string? ifMatch, IdentityStore store, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!IdentityValidation.IsWellFormedId(id))
        {
            return Problems.NotFound();
        }

        var precondition = EntityTag.ParseIfMatch(ifMatch, out var expectedVersion);
        if (precondition == IfMatchKind.Invalid)
        {
            return Problems.InvalidIfMatch();
        }

        if (precondition == IfMatchKind.NoMatch)
        {
            return await store.FindAsync(id, cancellationToken) is null ? Problems.NotFound() : Problems.PreconditionFailed();
        }

        var outcome = await store.DeleteAsync(
            id, precondition == IfMatchKind.Version ? expectedVersion : null, Actor.Of(user), cancellationToken);
        return outcome switch
        {
            WriteOutcome.Done => TypedResults.NoContent(),
            WriteOutcome.NotFound => Problems.NotFound(),
            _ => Problems.PreconditionFailed(),
        };
    }

    // A change to a known state needs If-Match: without the version it was based on, it could undo someone else's.
    private static ProblemHttpResult? RequireIfMatch(string? ifMatch, out IfMatchKind precondition, out long expectedVersion)
    {
        precondition = EntityTag.ParseIfMatch(ifMatch, out expectedVersion);
        return precondition switch
        {
            IfMatchKind.Missing => Problems.PreconditionRequired(),
            IfMatchKind.Invalid => Problems.InvalidIfMatch(),
            _ => null,
        };
    }

    /// <summary>What a change to an existing identity answers: the identity with its new ETag, or why not.</summary>
    private static Results<Ok<Identity>, ValidationProblem, ProblemHttpResult> Changed(WriteResult result, HttpResponse response)
    {
        switch (result)
        {
            case { Outcome: WriteOutcome.Done, Item: { } item }:
                response.Headers.ETag = EntityTag.Of(item.Version);
                return TypedResults.Ok(item.ToIdentity());
            case { Outcome: WriteOutcome.NotFound }:
                return Problems.NotFound();
            case { Outcome: WriteOutcome.EmailTaken }:
                return Problems.EmailTaken();
            default:
                return Problems.PreconditionFailed();
        }
    }
}
