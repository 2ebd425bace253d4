using System.Xml;
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
internal sealed partial class DynamoDBXmlRepository(IAmazonDynamoDB dynamodb, string tableName, ILogger<DynamoDBXmlRepository> logger) : IXmlRepository
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
                .Select(Parse)
                .OfType<XElement>());
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return elements;
    }

    // One damaged item (hand-edited, truncated) must not stop every replica from starting: it is left out and
    // named in the log, and the key manager carries on with the keys it can read (creating a new one if need be).
    private XElement? Parse(Dictionary<string, AttributeValue> item)
    {
        try
        {
            return item.TryGetValue("xml", out var xml) && xml.S is { } text
                ? XElement.Parse(text)
                : throw new XmlException("The item has no xml attribute.");
        }
        catch (XmlException exception)
        {
            LogMalformedKey(exception, item["pk"].S);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the malformed data-protection key item {Key}")]
    private partial void LogMalformedKey(Exception exception, string key);
}
