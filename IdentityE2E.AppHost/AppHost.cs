using IdentityE2E.AppHost.Dashboard;

var builder = DistributedApplication.CreateBuilder(args);

// The dashboard's data commands run the migration tool's import on a file (README, "The dashboard").
var imports = new MigrationImports("migration", builder.Configuration["Migration:Source"]);

// Data: DynamoDB with one table, defined once. DynamoDB Local runs it on a laptop; the publisher turns
// the same definition into an encrypted, on-demand CloudFormation table.
var dynamodb = builder.AddDynamoDB("dynamodb")
    .RunAsEmulator(local => local.WithDynamoDBAdmin())
    .WithDescription("Amazon DynamoDB: the system's database (DynamoDB Local on this machine).");

var identities = dynamodb.AddTable("identities", table => table
    .WithPartitionKey("pk")
    .WithGlobalSecondaryIndex("by-created", "entity", "created")
    .WithGlobalSecondaryIndex("by-status", "status", "created")
    .WithGlobalSecondaryIndex("history", "historyOf", "changedAt"))
    .WithDescription("The identity records and their history.")
    .WithSeedIdentitiesCommand(imports)
    .WithResetDataCommand();

// The frontend's data-protection keys, shared by its replicas so a form rendered by one can be posted to another.
var keyring = dynamodb.AddTable("keyring", table => table
    .WithPartitionKey("pk"))
    .WithDescription("The frontend's data-protection keys (cookies, antiforgery tokens).");

// Sign-in: Amazon Cognito in the cloud; in run mode a local OpenID Connect provider with two seeded staff
// users, whose passwords are generated parameters shown on the dashboard.
var auth = builder.AddCognitoUserPool("auth")
    .WithGroup("viewers", "Staff who may read identity records.")
    .WithGroup("editors", "Staff who may read, create, change, verify, reject and delete identity records.")
    .WithApiScope("identities.read", "Read identity records.")
    .WithApiScope("identities.write", "Create, change and delete identity records.")
    .WithMachineClient("automation", "identities.read", "identities.write")
    .RunAsEmulator<Projects.IdentityE2E_LocalAuth>(local => local
        .WithUser("editor", "editors")
        .WithUser("viewer", "viewers"))
    .WithDescription("Sign-in: the user pool with the staff groups, API scopes and clients (Cognito in the cloud).");

// Services: the backend is internal; only the frontend is reachable from outside.
var cursorSigningKey = builder.AddParameter(
    "cursor-signing-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true)
    .WithIconName("Key")
    .WithDescription("The key the backend signs its paging cursors with.");

// The backend reads items by key, queries the indexes (lists, history), asks DescribeTable in its readiness check,
// and writes whole items and deletes them in transactions: single-item read and write, never Scan or BatchWrite.
var backend = builder.AddProject<Projects.IdentityE2E_Backend>("backend")
    .WithReference(identities, TableAccess.ReadWrite).WaitFor(identities)
    .WithReference(auth).WaitFor(auth)
    .WithEnvironment("Cursor__SigningKey", cursorSigningKey)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", endpoint => new() { Url = $"{endpoint.Url}/scalar", DisplayText = "API reference" })
    .WithIconName("Server")
    .WithDescription("The identities API (minimal API): the only writer of identity records.");

builder.AddProject<Projects.IdentityE2E_Frontend>("frontend")
    .WithReplicas(builder.Configuration.GetValue("Frontend:Replicas", 1))
    .WithReference(backend).WaitFor(backend)
    .WithDataProtectionKeyRing(keyring).WaitFor(keyring)
    .WithReference(auth).WaitFor(auth)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => url.DisplayText = "Open app")
    .WithIconName("Globe")
    .WithDescription("The staff's web app (Blazor): list, create, edit, verify and reject identities.");

// Jobs: the migration tool (README, "Migrating your data"). Locally it waits on the dashboard until started
// (Migration:Source names the file to import); published, it is an ECS task that `deploy run-task` starts. It
// creates identities in transactions (puts), reads them back by key to verify (GetItem, BatchGetItem) and pages
// them out by the by-created index to export (Query): nothing else. `copy` also needs Scan and BatchWrite on the
// table it copies into; grant them here for that table when you use it.
builder.AddProject<Projects.IdentityE2E_Migration>("migration")
    .WithReference(identities, TableAccess.Get | TableAccess.Put | TableAccess.Query).WaitFor(identities)
    .WithArgs(context =>
    {
        if (builder.ExecutionContext.IsRunMode && imports.Source is { Length: > 0 } source)
        {
            context.Args.Add("import");
            context.Args.Add(source);
        }
    })
    .WithExplicitStart()
    .WithImportSampleFileCommand(imports, "../samples/data/people.csv")
    .WithIconName("ArrowImport")
    .WithDescription("The migration tool: imports, exports and copies identities; started on demand.")
    .PublishAsEcsTask();

builder.Build().Run();
