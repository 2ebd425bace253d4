using System.Net;
using System.Text.Json;
using IdentityE2E.Identities;
using IdentityE2E.Migration;
using IdentityE2E.Tests.Backend;

namespace IdentityE2E.Tests.Migration;

public sealed class ImportTests(BackendFixture fixture) : IClassFixture<BackendFixture>, IDisposable
{
    private const int Timeout = 60_000;
    private readonly MigrationRun _run = new(fixture.DynamoDB);

    [Fact(Timeout = Timeout)]
    public async Task ImportingACsvFileCreatesEachIdentityWithItsReservationAndHistory()
    {
        // Arrange: quoted fields with a comma, a doubled quote and a line break; a mapped column name.
        var cancellationToken = TestContext.Current.CancellationToken;
        var (ada, grace) = (IdentityRequests.NewEmail("ada"), IdentityRequests.NewEmail("grace"));
        var path = _run.WriteSource("people.csv",
            "first,familyName,email,dateOfBirth,status\r\n" +
            $"\"Ada, Countess\",\"Love\"\"lace\",{ada},1915-12-10,verified\r\n" +
            $"Grace,\"Hopper\",{grace},,\r\n");

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", path, "--map", "first=givenName");

        // Assert
        Assert.Equal(MigrationCommand.Succeeded, result.ExitCode);
        Assert.Empty(result.Rejects);
        Assert.Contains("written 2, skipped 0, rejected 0", result.Output, StringComparison.Ordinal);
        Assert.Contains("MATCH", result.Output, StringComparison.Ordinal);
        var item = IdentityItem.FromAttributes((await _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + ada)), cancellationToken))!);
        Assert.Equal(("Ada, Countess", "Love\"lace", ada, new DateOnly(1915, 12, 10), "verified", "import"),
            (item.GivenName, item.FamilyName, item.Email, item.DateOfBirth, item.Status, item.CreatedBy));
        var reservation = await _run.ReadAsync(IdentityItem.EmailPkOf(ada), cancellationToken);
        Assert.Equal(item.Id, reservation!["identityId"].S);
        var history = HistoryItem.FromAttributes((await _run.ReadAsync(HistoryItem.PkOf(item.Id, 1), cancellationToken))!);
        Assert.Equal((HistoryAction.Created, "import"), (history.Action, history.By));
        var second = IdentityItem.FromAttributes((await _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + grace)), cancellationToken))!);
        Assert.Equal((null, IdentityStatus.Pending), (second.DateOfBirth, second.Status));
    }

    [Fact(Timeout = Timeout)]
    public async Task ImportingJsonLinesCreatesEachIdentityUnderTheIdOfItsSourceKey()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var sourceId = $"crm-{Guid.NewGuid():N}";
        var email = IdentityRequests.NewEmail("jsonl");
        var path = _run.WriteSource("people.jsonl",
            JsonSerializer.Serialize(new { id = sourceId, givenName = "Katherine", familyName = "Johnson", email, dateOfBirth = "1918-08-26" }) + "\n");

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", path);

        // Assert
        Assert.Equal(MigrationCommand.Succeeded, result.ExitCode);
        Assert.Contains("written 1,", result.Output, StringComparison.Ordinal);
        var item = await _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("id:" + sourceId)), cancellationToken);
        Assert.Equal("Katherine", item!["givenName"].S);
    }

    [Fact(Timeout = Timeout)]
    public async Task ImportingTheOutputOfADynamoDBScanCreatesEachIdentity()
    {
        // Arrange: the shape `aws dynamodb scan --output json` prints, pretty-printed.
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = IdentityRequests.NewEmail("scan");
        var path = _run.WriteSource("scan.json", $$"""
            {
              "Items": [
                { "givenName": { "S": "Dorothy" }, "familyName": { "S": "Vaughan" }, "email": { "S": "{{email}}" }, "age": { "N": "98" } }
              ],
              "Count": 1,
              "ScannedCount": 1
            }
            """);

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", path);

        // Assert
        Assert.Equal(MigrationCommand.Succeeded, result.ExitCode);
        Assert.Equal("Dorothy", (await _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + email)), cancellationToken))!["givenName"].S);
    }

    [Fact(Timeout = Timeout)]
    public async Task ImportingADynamoDBExportToS3CreatesEachIdentity()
    {
        // Arrange: DynamoDB's export format, one {"Item":...} per line.
        var cancellationToken = TestContext.Current.CancellationToken;
        var (first, second) = (IdentityRequests.NewEmail("export"), IdentityRequests.NewEmail("export"));
        var path = _run.WriteSource("export.json",
            $$$$"""{"Item":{"givenName":{"S":"Mary"},"familyName":{"S":"Jackson"},"email":{"S":"{{{{first}}}}"},"dateOfBirth":{"S":"1921-04-09"}}}""" + "\n" +
            $$$$"""{"Item":{"givenName":{"S":"Annie"},"familyName":{"S":"Easley"},"email":{"S":"{{{{second}}}}"},"dateOfBirth":{"NULL":true}}}""" + "\n");

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", path, "--format", "dynamodb-json");

        // Assert
        Assert.Equal(MigrationCommand.Succeeded, result.ExitCode);
        Assert.Contains("written 2,", result.Output, StringComparison.Ordinal);
        Assert.NotNull(await _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + second)), cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task BadRowsAreRejectedWithTheirReasonsAndLeaveNoItemBehind()
    {
        // Arrange: the hostile field cases of the API, a duplicate in the source, an email another identity
        // already holds (in another spelling), and a line that is no JSON; the good rows around them.
        var cancellationToken = TestContext.Current.CancellationToken;
        var client = fixture.Factory.CreateClient(Caller.Automation);
        var unique = Guid.NewGuid().ToString("N");
        var taken = await client.CreateIdentityAsync(cancellationToken, $"ren\u00E9-{unique}@b\u00FCcher.example");
        var good = IdentityRequests.NewEmail("good");
        string Row(string? givenName = "Ada", string? familyName = "Lovelace", string? email = null, string? dateOfBirth = null, string? status = null) =>
            JsonSerializer.Serialize(new { givenName, familyName, email = email ?? IdentityRequests.NewEmail("bad"), dateOfBirth, status });
        string[] lines =
        [
            Row(email: good),
            Row(givenName: new string('a', 101)),
            Row(familyName: "Love\u0007lace"),
            Row(givenName: "Ad\na"),
            Row(givenName: "\u202EadA"),
            Row(familyName: "Love\u200Blace"),
            Row(givenName: " \t "),
            Row(email: new string('a', 243) + "@example.com"),
            Row(email: "ada@lovelace@example.com"),
            Row(email: "Ada <ada@example.com>"),
            Row(email: "ada@example.com\r\nBcc: eve@example.com"),
            Row(email: "ada@" + new string('\u00FC', 64) + ".example"),
            Row(dateOfBirth: "2999-01-01"),
            Row(dateOfBirth: "2023-02-30"),
            Row(status: "VERIFIED"),
            Row(email: $"  {good.ToUpperInvariant()} "),
            Row(email: $"ren\u00E9-{unique}@xn--bcher-kva.example"),
            "{\"givenName\": \"Ada\"",
            Row(email: IdentityRequests.NewEmail("lastgood")),
        ];
        var path = _run.WriteSource("bad.jsonl", string.Join('\n', lines));

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", path);

        // Assert
        Assert.Equal(MigrationCommand.Succeeded, result.ExitCode);
        Assert.Equal([.. Enumerable.Range(2, 17).Select(row => (long)row)], result.RejectedRows.Order());
        Assert.Contains(result.Rejects, line => line.StartsWith("16,", StringComparison.Ordinal) && line.Contains("duplicate email in the source, first seen in row 1", StringComparison.Ordinal));
        Assert.Contains(result.Rejects, line => line.StartsWith("17,", StringComparison.Ordinal) && line.Contains($"already reserved by identity {taken.Id}", StringComparison.Ordinal));
        Assert.Contains(result.Rejects, line => line.StartsWith("15,", StringComparison.Ordinal) && line.Contains("status:", StringComparison.Ordinal));
        Assert.Contains("written 2, skipped 0, rejected 17", result.Output, StringComparison.Ordinal);
        Assert.Contains("MATCH", result.Output, StringComparison.Ordinal);
        // The reserved email's row got as far as the transaction: nothing of it may remain.
        var refusedId = ImportIds.Of("email:" + IdentityFields.EmailKeyOf($"ren\u00E9-{unique}@xn--bcher-kva.example"));
        Assert.Null(await _run.ReadAsync(IdentityItem.PkOf(refusedId), cancellationToken));
        Assert.Null(await _run.ReadAsync(HistoryItem.PkOf(refusedId, 1), cancellationToken));
        Assert.Equal(taken.Id, (await _run.ReadAsync(IdentityItem.EmailPkOf(IdentityFields.EmailKeyOf(taken.Email)), cancellationToken))!["identityId"].S);
    }

    [Fact(Timeout = Timeout)]
    public async Task RunningTheSameImportAgainSkipsEveryRowAndChangesNothing()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var emails = Enumerable.Range(0, 5).Select(_ => IdentityRequests.NewEmail("again")).ToList();
        var path = _run.WriteSource("again.csv",
            "givenName,familyName,email\n" + string.Concat(emails.Select(email => $"Ada,Lovelace,{email}\n")));
        var first = await _run.RunAsync(cancellationToken, "import", path);
        var before = await Task.WhenAll(emails.Select(email => _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + email)), cancellationToken)));

        // Act
        var second = await _run.RunAsync(cancellationToken, "import", path, "--parallelism", "2");

        // Assert
        Assert.Equal((MigrationCommand.Succeeded, MigrationCommand.Succeeded), (first.ExitCode, second.ExitCode));
        Assert.Contains("written 0, skipped 5, rejected 0", second.Output, StringComparison.Ordinal);
        Assert.Contains("MATCH", second.Output, StringComparison.Ordinal);
        var after = await Task.WhenAll(emails.Select(email => _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + email)), cancellationToken)));
        Assert.Equal(before.Select(item => item!["updatedAt"].S), after.Select(item => item!["updatedAt"].S));
        Assert.Equal(before.Select(item => item!["version"].N), after.Select(item => item!["version"].N));
    }

    [Fact(Timeout = Timeout)]
    public async Task AnImportedIdentityIsServedByTheApiAndHoldsItsEmail()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var client = fixture.Factory.CreateClient(Caller.Automation);
        var email = IdentityRequests.NewEmail("served");
        var path = _run.WriteSource("served.csv", $"givenName,familyName,email,dateOfBirth\nAda,Lovelace,{email},1915-12-10\n");
        await _run.RunAsync(cancellationToken, "import", path);
        var id = ImportIds.Of("email:" + email);

        // Act
        var identity = await client.GetExistingIdentityAsync(id, cancellationToken);
        using var duplicate = await client.PostIdentityAsync(IdentityRequests.NewIdentity(email.ToUpperInvariant()), cancellationToken);

        // Assert
        Assert.Equal((id, "Ada", email, "1915-12-10", "import", 1L), (identity.Id, identity.GivenName, identity.Email, identity.DateOfBirth, identity.CreatedBy, identity.Version));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task ADryRunReportsWhatItWouldDoAndWritesNothing()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = IdentityRequests.NewEmail("dry");
        var path = _run.WriteSource("dry.csv", $"givenName,familyName,email\nAda,Lovelace,{email}\nAda,,{IdentityRequests.NewEmail("dry")}\n");

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", path, "--dry-run");

        // Assert
        Assert.Equal(MigrationCommand.Succeeded, result.ExitCode);
        Assert.Contains("would write 1, skipped 0, rejected 1", result.Output, StringComparison.Ordinal);
        Assert.Equal([2L], result.RejectedRows);
        Assert.Null(await _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + email)), cancellationToken));
        Assert.Null(await _run.ReadAsync(IdentityItem.EmailPkOf(email), cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task AMissingSourceFileFailsWithOneLineAndANonZeroExit()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv"));

        // Assert
        Assert.Equal(MigrationCommand.Fatal, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: source file", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnS3SourceWithoutAKeyFailsWithOneLineAndANonZeroExit()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        var result = await _run.RunAsync(cancellationToken, "import", "s3://bucket-only/", "--format", "csv");

        // Assert
        Assert.Equal(MigrationCommand.Fatal, result.ExitCode);
        Assert.Equal("error: 's3://bucket-only/' is no S3 object; use s3://bucket/key.", result.Error.Trim());
    }

    public void Dispose() => _run.Dispose();
}
