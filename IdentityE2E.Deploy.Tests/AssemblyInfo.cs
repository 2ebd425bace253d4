using IdentityE2E.Deploy.Tests.Support;
using Xunit.Sdk;
using Xunit.v3;

// One synthesis per environment variant, shared by every test class.
[assembly: AssemblyFixture(typeof(SynthesizedEnvironments))]

// CDK for .NET talks to one Node process through jsii; its tests must not call into it concurrently.
[assembly: Parallelization(Mode = ParallelMode.None)]
