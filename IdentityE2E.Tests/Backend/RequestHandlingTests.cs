using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Backend.Errors;
using IdentityE2E.Backend.Identities;
using IdentityE2E.Identities;

namespace IdentityE2E.Tests.Backend;

public sealed class RequestHandlingTests
{
    [Theory]
    [InlineData(null, "Missing", 0)]
    [InlineData("", "Missing", 0)]
    [InlineData("*", "Any", 0)]
    [InlineData("\"7\"", "Version", 7)]
    [InlineData(" \"7\" ", "Version", 7)]
    [InlineData("W/\"7\"", "NoMatch", 0)]
    [InlineData("\"abc\"", "NoMatch", 0)]
    [InlineData("\"0\"", "NoMatch", 0)]
    [InlineData("\"-1\"", "NoMatch", 0)]
    [InlineData("\"99999999999999999999\"", "NoMatch", 0)]
    [InlineData("7", "Invalid", 0)]
    [InlineData("\"7", "Invalid", 0)]
    [InlineData("\"7\", \"8\"", "Invalid", 0)]
    [InlineData("W/7", "Invalid", 0)]
    [InlineData("\"a b\"", "Invalid", 0)]
    public void IfMatchIsReadStrictly(string? header, string kind, long version)
    {
        // Act
        var parsed = EntityTag.ParseIfMatch(header, out var expected);

        // Assert
        Assert.Equal(kind, parsed.ToString());
        Assert.Equal(version, parsed == IfMatchKind.Version ? expected : 0);
    }

    [Fact]
    public void AnETagIsTheQuotedVersion()
    {
        // Act / Assert
        Assert.Equal("\"12\"", EntityTag.Of(12));
    }

    [Theory]
    [InlineData("$.nickname", "nickname")]
    [InlineData("$.dateOfBirth", "dateOfBirth")]
    [InlineData("$.email[0]", "email")]
    [InlineData("$.address.street", "address")]
    [InlineData("$['odd name']", "odd name")]
    [InlineData("$", "body")]
    [InlineData("$[0]", "body")]
    [InlineData(null, "body")]
    public void AJsonErrorNamesTheTopLevelProperty(string? path, string property)
    {
        // Act / Assert
        Assert.Equal(property, BadRequestExceptionHandler.TopLevelProperty(path));
    }

    [Fact]
    public void AnUnknownPropertyIsReportedAsUnknown()
    {
        // Arrange
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        };
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CreateIdentityRequest>("""{"givenName":"Ada","nickname":"A"}""", options));

        // Act
        var errors = BadRequestExceptionHandler.JsonErrors(exception);

        // Assert
        Assert.Equal(["nickname"], errors.Keys);
        Assert.Equal(["This property is not known."], errors["nickname"]);
    }

    public static TheoryData<Exception> Unavailable => new()
    {
        new ProvisionedThroughputExceededException("slow down"),
        new RequestLimitExceededException("slow down"),
        new AmazonDynamoDBExceptionWithCode("ThrottlingException", HttpStatusCode.BadRequest),
        new AmazonDynamoDBExceptionWithCode("InternalServerError", HttpStatusCode.InternalServerError),
        new AmazonDynamoDBExceptionWithCode("", HttpStatusCode.NotFound),
        new HttpRequestException("connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new Amazon.Runtime.AmazonClientException("network", new HttpRequestException("reset")),
        new TaskCanceledException("timed out"),
        new TimeoutException(),
        new TransactionCanceledException("conflict") { CancellationReasons = [new() { Code = "TransactionConflict" }] },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void ThrottlingNetworkFailuresAndTimeoutsMeanTheStoreIsUnavailable(Exception exception)
    {
        // Act / Assert
        Assert.True(DependencyUnavailableExceptionHandler.IsUnavailable(exception));
    }

    public static TheoryData<Exception> Bugs => new()
    {
        new InvalidOperationException("bug"),
        new AmazonDynamoDBExceptionWithCode("ValidationException", HttpStatusCode.BadRequest),
        new Amazon.Runtime.AmazonClientException("no credentials"),
        new TransactionCanceledException("condition") { ErrorCode = "TransactionCanceledException", CancellationReasons = [new() { Code = "ConditionalCheckFailed" }] },
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public void OtherFailuresAreNotBlamedOnTheStore(Exception exception)
    {
        // Act / Assert
        Assert.False(DependencyUnavailableExceptionHandler.IsUnavailable(exception));
    }

    private sealed class AmazonDynamoDBExceptionWithCode : Amazon.DynamoDBv2.AmazonDynamoDBException
    {
        public AmazonDynamoDBExceptionWithCode(string errorCode, HttpStatusCode statusCode)
            : base("failed")
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
        }
    }
}
