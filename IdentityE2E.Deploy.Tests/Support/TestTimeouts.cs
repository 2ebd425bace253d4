namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>Upper bounds on 2 slow cores: a first synthesis starts Node and loads aws-cdk-lib.</summary>
internal static class TestTimeouts
{
    /// <summary>Tests that wait for a synthesized environment (possibly synthesizing it).</summary>
    public const int Synthesis = 180_000;

    /// <summary>Tests that run the nag gate (Node, aws-cdk-lib, cdk-nag) on templates.</summary>
    public const int NagGate = 240_000;

    /// <summary>Tests of pure C# logic.</summary>
    public const int Fast = 10_000;
}
