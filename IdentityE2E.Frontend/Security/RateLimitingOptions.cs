using System.ComponentModel.DataAnnotations;

namespace IdentityE2E.Frontend.Security;

/// <summary>
/// Section <c>RateLimiting</c>: how many requests one client (IP address) may make per window. On by
/// default; a person clicking through the pages stays far below the limit, a script hammering them does
/// not. Set through appsettings, environment (<c>RateLimiting__PermitLimit=...</c>) or command line.
/// appsettings.Development.json raises the limit for local runs and the integration tests, which drive
/// the pages from one address far faster than a person; it stays on there so that its wiring runs too.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client may make per <see cref="Window"/>.</summary>
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests over the limit that wait for the next window instead of getting 429 at once.</summary>
    [Range(0, 10_000)]
    public int QueueLimit { get; set; }
}
