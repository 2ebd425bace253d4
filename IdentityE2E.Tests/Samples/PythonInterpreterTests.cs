using Aspire.Hosting;
using IdentityE2E.Samples.AppHost;

namespace IdentityE2E.Tests.Samples;

/// <summary>How the sample AppHost picks the python3 that runs the notes service.</summary>
public sealed class PythonInterpreterTests
{
    [Fact]
    public void ThePythonThatImportsTheModulesIsStartedByItsRealPath()
    {
        // Act: json ships with every python3.
        var python = PythonInterpreter.Find(["/nonexistent/python3", "python3"], "notes", ["json"], install: "apt-get install python3");

        // Assert
        Assert.True(Path.IsPathFullyQualified(python), python);
        Assert.True(File.Exists(python), python);
    }

    [Fact]
    public void WithoutAPythonThatImportsTheModulesTheAppHostSaysWhatToInstall()
    {
        // Act
        var exception = Record.Exception(() => PythonInterpreter.Find(
            ["/nonexistent/python3", "python3"], "notes", ["flask", "identitye2e_no_such_module"], install: "apt-get install python3-flask python3-boto3"));

        // Assert
        Assert.IsType<DistributedApplicationException>(exception);
        Assert.Equal(
            "No python3 on this machine imports flask and identitye2e_no_such_module, which notes needs: install them with 'apt-get install python3-flask python3-boto3', or set Python:Interpreter to a python3 that has them.",
            exception.Message);
    }
}
