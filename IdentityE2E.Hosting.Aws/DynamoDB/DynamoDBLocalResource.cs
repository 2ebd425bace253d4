namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// DynamoDB Local, the run-mode stand-in for <see cref="DynamoDBResource"/>. It comes in two forms (Amazon's
/// jar on Java, or the <c>amazon/dynamodb-local</c> container); tools such as dynamodb-admin extend this
/// builder inside <c>RunAsEmulator(local => ...)</c>, so they exist only where the emulator does.
/// </summary>
public interface IDynamoDBLocalResource : IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithArgs, IResourceWithWaitSupport
{
    /// <summary>
    /// The DynamoDB resource this emulator stands in for. Deliberately not IResourceWithParent: Aspire then reports
    /// the emulator's health checks as the parent's and never the emulator's own, so WaitFor on it never completes.
    /// </summary>
    DynamoDBResource Parent { get; }

    /// <summary>The endpoint that speaks the DynamoDB protocol.</summary>
    EndpointReference Endpoint => new(this, "http");
}

/// <summary>DynamoDB Local as Amazon's jar, run by Java 17+.</summary>
public sealed class DynamoDBLocalResource(string name, string workingDirectory, DynamoDBResource parent)
    : ExecutableResource(name, "java", workingDirectory), IDynamoDBLocalResource
{
    public DynamoDBResource Parent { get; } = parent;
}

/// <summary>DynamoDB Local as the <c>amazon/dynamodb-local</c> container, where a container runtime answers.</summary>
public sealed class DynamoDBLocalContainerResource(string name, DynamoDBResource parent)
    : ContainerResource(name), IDynamoDBLocalResource
{
    public DynamoDBResource Parent { get; } = parent;
}
