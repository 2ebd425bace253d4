using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityE2E.Tests.LocalAuth;

/// <summary>Reads a JWT's payload without validating it, to look at the claims as a resource server would.</summary>
internal static class Jwt
{
    public static JsonElement Payload(string token)
    {
        var jwt = new JsonWebToken(token);
        var json = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.EncodedPayload);
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
