using System.Globalization;
using System.Text;

namespace IdentityE2E.AppHost.Dashboard;

/// <summary>
/// Writes made-up people as a CSV file in the migration tool's import format (givenName, familyName, email,
/// dateOfBirth, status). Each email carries a token of its own, so every seeding adds new identities; the import
/// derives their ids from the emails and applies the API's rules to every row.
/// </summary>
internal static class SampleIdentities
{
    private static readonly string[] GivenNames = ["Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald", "Frances", "Tim", "Radia", "Linus", "Margaret"];
    private static readonly string[] FamilyNames = ["Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Knuth", "Allen", "Berners-Lee", "Perlman", "Torvalds", "Hamilton"];
    private static readonly string[] Statuses = ["pending", "pending", "verified", "rejected"];

    public static string Write(int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var folder = Path.Combine(Path.GetTempPath(), "IdentityE2E", "seed");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"identities-{run}.csv");
        var csv = new StringBuilder("givenName,familyName,email,dateOfBirth,status\n");
        for (var i = 0; i < count; i++)
        {
            var given = GivenNames[Random.Shared.Next(GivenNames.Length)];
            var family = FamilyNames[Random.Shared.Next(FamilyNames.Length)];
            var born = new DateOnly(1940, 1, 1).AddDays(Random.Shared.Next(365 * 65));
            var email = $"{given}.{family}.{run}{i.ToString(CultureInfo.InvariantCulture)}@example.com".ToLowerInvariant();
            csv.Append(CultureInfo.InvariantCulture, $"{given},{family},{email},{born:yyyy-MM-dd},{Statuses[i % Statuses.Length]}\n");
        }

        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
