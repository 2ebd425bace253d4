var builder = DistributedApplication.CreateBuilder(args);

// Data: DynamoDB with one table, defined once. DynamoDB Local runs it on a laptop; the publisher turns
// the same definition into an encrypted, on-demand CloudFormation table.
var dynamodb = builder.AddDynamoDB("dynamodb")
    .RunAsEmulator();

var identities = dynamodb.AddTable("identities", table => table
    .WithPartitionKey("pk")
    .WithGlobalSecondaryIndex("by-created", "entity", "created")
    .WithGlobalSecondaryIndex("by-status", "status", "created")
    .WithGlobalSecondaryIndex("history", "historyOf", "changedAt"));

// The frontend's data-protection keys, shared by its replicas so a form rendered by one can be posted to another.
var keyring = dynamodb.AddTable("keyring", table => table
    .WithPartitionKey("pk"));

// Services: the backend is internal; only the frontend is reachable from outside.
var cursorSigningKey = builder.AddParameter(
    "cursor-signing-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

var backend = builder.AddProject<Projects.IdentityE2E_Backend>("backend")
    .WithReference(identities).WaitFor(identities)
    .WithEnvironment("Cursor__SigningKey", cursorSigningKey)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.IdentityE2E_Frontend>("frontend")
    .WithReplicas(builder.Configuration.GetValue("Frontend:Replicas", 1))
    .WithReference(backend).WaitFor(backend)
    .WithReference(keyring).WaitFor(keyring)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

// Developer tools (run mode only): a GUI over DynamoDB Local's data.
dynamodb.WithDynamoDBAdmin();

builder.Build().Run();
