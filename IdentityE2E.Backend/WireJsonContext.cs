using System.Text.Json;
using System.Text.Json.Serialization;
using IdentityE2E.Backend.Identities;
using Microsoft.AspNetCore.Mvc;

namespace IdentityE2E.Backend;

/// <summary>
/// Every type the backend reads or writes as JSON, generated at build time: Native AOT has no reflection-based
/// serializer, and a type missing here fails loudly in every build (reflection is off), not only after trimming.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Identity))]
[JsonSerializable(typeof(IdentityPage))]
[JsonSerializable(typeof(IdentityHistory))]
[JsonSerializable(typeof(HistoryEntry))]
[JsonSerializable(typeof(CreateIdentityRequest))]
[JsonSerializable(typeof(UpdateIdentityRequest))]
[JsonSerializable(typeof(ChangeStatusRequest))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
// The groups claim when a token handler keeps it as one JSON array (AccessRules).
[JsonSerializable(typeof(string[]))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
