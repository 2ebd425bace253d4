// IdentityE2E.Deploy: aspire-manifest.json -> CloudFormation (AWS CDK) -> ECR images -> ECS Fargate.
// The guide is the "Deploy to AWS" section of the README.
using IdentityE2E.Deploy.Cli;

// CDK for .NET runs on Node through jsii, which prints a page-wide banner on Node 18/20. Synthesis works
// on them (the README asks for Node 22); the banner would only drown the summary.
Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "18,20");
Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20");

return CommandLine.Run(args, Commands.All, Console.Out, Console.Error);
