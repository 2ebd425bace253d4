namespace IdentityE2E.Deploy;

/// <summary>
/// A problem the user can fix (a malformed manifest, a bad setting, a missing tool). The command line
/// prints its message as one line and exits non-zero; no stack trace, no template written.
/// </summary>
internal sealed class DeployException(string message) : Exception(message);
