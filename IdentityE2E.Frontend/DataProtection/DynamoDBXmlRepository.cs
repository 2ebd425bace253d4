using System.Xml.Linq;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace IdentityE2E.Frontend.DataProtection;

/// <summary>
/// Keeps the data-protection key ring in a DynamoDB table, so that every frontend replica (and every ECS
/// task) protects and unprotects antiforgery tokens with the same keys. In the cloud the table is encrypted
/// with the customer-managed KMS key and only the frontend's task role may read it.
/// </summary>
internal sealed class DynamoDBXmlRepository(IAmazonDynamoDB dynamodb, string tableName) : IXmlRepository
{
    private const string KeyPrefix = "key#";

    // IXmlRepository is synchronous; the key manager calls it rarely (start-up, key rotation, a key miss),
    // so blocking on the SDK's async calls here costs nothing on the request path.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        dynamodb.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = KeyPrefix + friendlyName },
                ["xml"] = new() { S = element.ToString(SaveOptions.DisableFormatting) },
            },
            // A key is written once; never overwrite one another replica stored under the same name.
            ConditionExpression = "attribute_not_exists(pk)",
        }).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        var elements = new List<XElement>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamodb.ScanAsync(new ScanRequest
            {
                TableName = tableName,
                ConsistentRead = true,
                ExclusiveStartKey = start,
            });
            elements.AddRange((page.Items ?? [])
                .Where(item => item["pk"].S.StartsWith(KeyPrefix, StringComparison.Ordinal))
                .Select(item => XElement.Parse(item["xml"].S)));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return elements;
    }
}
