using IdentityE2E.Samples.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// The system as IdentityE2E.AppHost models it: DynamoDB and its tables, sign-in, the backend, the frontend and the
// migration job.
var dynamodb = builder.AddDynamoDB("dynamodb")
    .RunAsEmulator(local => local.WithDynamoDBAdmin());

var identities = dynamodb.AddTable("identities", table => table
    .WithPartitionKey("pk")
    .WithGlobalSecondaryIndex("by-created", "entity", "created")
    .WithGlobalSecondaryIndex("by-status", "status", "created")
    .WithGlobalSecondaryIndex("history", "historyOf", "changedAt"));

var keyring = dynamodb.AddTable("keyring", table => table
    .WithPartitionKey("pk"));

var auth = builder.AddCognitoUserPool("auth")
    .WithGroup("viewers", "Staff who may read identity records.")
    .WithGroup("editors", "Staff who may read, create, change, verify, reject and delete identity records.")
    .WithApiScope("identities.read", "Read identity records.")
    .WithApiScope("identities.write", "Create, change and delete identity records.")
    .WithMachineClient("automation", "identities.read", "identities.write")
    .RunAsEmulator<Projects.IdentityE2E_LocalAuth>(local => local
        .WithUser("editor", "editors")
        .WithUser("viewer", "viewers"));

var cursorSigningKey = builder.AddParameter(
    "cursor-signing-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

var backend = builder.AddProject<Projects.IdentityE2E_Backend>("backend")
    .WithReference(identities, TableAccess.ReadWrite).WaitFor(identities)
    .WithReference(auth).WaitFor(auth)
    .WithEnvironment("Cursor__SigningKey", cursorSigningKey)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.IdentityE2E_Frontend>("frontend")
    .WithReference(backend).WaitFor(backend)
    .WithDataProtectionKeyRing(keyring).WaitFor(keyring)
    .WithReference(auth).WaitFor(auth)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.IdentityE2E_Migration>("migration")
    .WithReference(identities, TableAccess.Get | TableAccess.Put | TableAccess.Query).WaitFor(identities)
    .WithArgs(context =>
    {
        if (builder.ExecutionContext.IsRunMode && builder.Configuration["Migration:Source"] is { Length: > 0 } source)
        {
            context.Args.Add("import");
            context.Args.Add(source);
        }
    })
    .WithExplicitStart()
    .PublishAsEcsTask();

// What this sample adds: notes, a Flask service kept as it is (../notes). On a laptop it runs as `python3 app.py`
// with no container engine; published, it is the image its Dockerfile builds, listening on 8000 as uid 10001.
// It gets, as any project would, its own table and the backend through service discovery.
var notebook = dynamodb.AddTable("notebook", table => table
    .WithPartitionKey("pk"));

var python = PythonInterpreter.Find(builder, "notes", ["flask", "boto3"], install: "apt-get install python3-flask python3-boto3");
builder.AddExecutable("notes", python, "../notes", "app.py")
    .WithHttpEndpoint(env: "PORT")
    // PutItem, GetItem, and DescribeTable for its health check.
    .WithReference(notebook, TableAccess.Get | TableAccess.Put | TableAccess.Describe).WaitFor(notebook)
    .WithReference(backend).WaitFor(backend)
    .WithHttpHealthCheck("/health")
    .PublishAsDockerFile(image => image.WithEndpoint("http", http => http.TargetPort = 8000))
    .PublishAsEcsService(ecs =>
    {
        ecs.User = "10001";
        ecs.HealthCheckPath = "/health";
    });

builder.Build().Run();
