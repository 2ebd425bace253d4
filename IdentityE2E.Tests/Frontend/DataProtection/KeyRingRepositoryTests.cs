extern alias frontend;

using System.Xml.Linq;
using Amazon.DynamoDBv2.Model;
using frontend::IdentityE2E.Frontend.DataProtection;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityE2E.Tests.Frontend.DataProtection;

/// <summary>The frontend's data-protection key ring in a real DynamoDB Local table.</summary>
public sealed class KeyRingRepositoryTests
{
    [Fact(Timeout = 120_000)]
    public async Task AMalformedKeyItemIsSkippedAndTheOtherKeysAreStillRead()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var dynamodb = new DynamoDBLocalFixture();
        await dynamodb.InitializeAsync();
        var repository = new DynamoDBXmlRepository(dynamodb.Client, dynamodb.TableName, NullLogger<DynamoDBXmlRepository>.Instance);
        repository.StoreElement(new XElement("key", new XAttribute("id", "4f1c2d3e-0000-4000-8000-000000000001")), "good");
        await PutAsync(dynamodb, "key#truncated", xml: "<key id=\"4f1c2d3e-0000-4000-8000-0000000", cancellationToken);
        await PutAsync(dynamodb, "key#without-xml", xml: null, cancellationToken);

        // Act
        var elements = repository.GetAllElements();

        // Assert
        var key = Assert.Single(elements);
        Assert.Equal("4f1c2d3e-0000-4000-8000-000000000001", (string?)key.Attribute("id"));
    }

    private static async Task PutAsync(DynamoDBLocalFixture dynamodb, string pk, string? xml, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } };
        if (xml is not null)
        {
            item["xml"] = new() { S = xml };
        }

        await dynamodb.Client.PutItemAsync(new PutItemRequest { TableName = dynamodb.TableName, Item = item }, cancellationToken);
    }
}
