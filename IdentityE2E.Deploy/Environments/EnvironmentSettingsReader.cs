using System.Text.Json;
using System.Text.RegularExpressions;
using IdentityE2E.Deploy.Cloud;

namespace IdentityE2E.Deploy.Environments;

/// <summary>
/// Reads and validates an environment file. Every setting must be present (null where optional), so a
/// typo never silently falls back to a default; each error is one line that names the setting.
/// </summary>
internal static partial class EnvironmentSettingsReader
{
    // The retention periods CloudWatch Logs accepts.
    private static readonly int[] RetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    private static readonly string[] Keys =
    [
        "account", "region", "certificateArn", "privateCertificateAuthorityArn", "cpuArchitecture", "defaultServiceSize", "serviceSizes", "spotTasks",
        "minTasks", "maxTasks", "natGateways", "interfaceEndpoints", "logRetentionDays", "deletionProtection", "domainName", "mfa",
        "monthlyBackups", "cloudFrontCertificateArn", "wafRateLimit", "wafFormPostRateLimit", "wafManagedRuleGroups", "alarmEmails", "blueGreenBakeMinutes", "cloudTrailName", "protectedDeploy", "backupCopyRegion",
        "codeBuild", "containerInsights", "traceSamplingPercent", "dailyBackupRetentionDays",
    ];

    /// <summary>CloudFront reads viewer certificates from ACM in this region only.</summary>
    private const string CloudFrontCertificateRegion = "us-east-1";

    // AWS WAF's bounds for a rate-based rule's limit (requests per client in 5 minutes).
    private const int MinimumRateLimit = 10;
    private const int MaximumRateLimit = 2_000_000_000;

    public static EnvironmentSettings Load(string environmentsDirectory, string name)
    {
        if (!EnvironmentName().IsMatch(name))
        {
            throw new DeployException($"Environment name '{name}' is invalid: use lower-case letters, digits and dashes (for example dev, prod).");
        }

        var path = Path.Combine(environmentsDirectory, $"{name}.json");
        if (!File.Exists(path))
        {
            var known = Directory.Exists(environmentsDirectory)
                ? string.Join(", ", Directory.GetFiles(environmentsDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order())
                : "none";
            throw new DeployException($"Environment '{name}' has no settings file {path} (known environments: {known}).");
        }

        return Parse(File.ReadAllText(path), name, $"deploy/environments/{name}.json");
    }

    public static EnvironmentSettings Parse(string json, string name, string source)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new DeployException($"{source} is not valid JSON (line {exception.LineNumber + 1}): {exception.Message.Split('\n')[0]}");
        }

        var file = new SettingsFile(root, source);
        var settings = new EnvironmentSettings
        {
            Name = name,
            Account = file.OptionalString("account", AccountId(), "a 12-digit AWS account id, or null for the account of your credentials"),
            Region = file.RequiredString("region", Region(), "an AWS region such as us-east-1"),
            CertificateArn = file.OptionalString("certificateArn", CertificateArn(), "an ACM certificate ARN in the environment's region (arn:aws:acm:<region>:<account>:certificate/<id>) for the load balancer, or null"),
            CloudFrontCertificateArn = file.OptionalString("cloudFrontCertificateArn", CertificateArn(), "an ACM certificate ARN in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>) for CloudFront, or null"),
            PrivateCertificateAuthorityArn = file.OptionalString("privateCertificateAuthorityArn", PrivateCaArn(), "an AWS Private CA ARN (arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>), or null"),
            CpuArchitecture = file.RequiredString("cpuArchitecture", Architecture(), "\"arm64\" (Graviton) or \"x86_64\"") == "arm64" ? TaskArchitecture.Arm64 : TaskArchitecture.X86_64,
            DefaultServiceSize = file.Size("defaultServiceSize"),
            ServiceSizes = file.Sizes("serviceSizes"),
            SpotTasks = file.Bool("spotTasks"),
            MinTasks = file.Int("minTasks", count => count >= 2, "at least 2, so every service survives the loss of a task or an availability zone"),
            MaxTasks = file.Int("maxTasks", count => count is >= 2 and <= 100, "between 2 and 100"),
            NatGateways = file.Int("natGateways", count => count is 1 or 2, "1 (one shared gateway) or 2 (one per availability zone)"),
            InterfaceEndpoints = file.Bool("interfaceEndpoints"),
            LogRetentionDays = file.Int("logRetentionDays", days => RetentionDays.Contains(days), $"one of CloudWatch's periods: {string.Join(", ", RetentionDays)}"),
            ContainerInsights = file.Bool("containerInsights"),
            TraceSamplingPercent = file.Int("traceSamplingPercent", percent => percent is >= 1 and <= 100, "a percentage from 1 to 100 of traces sent to X-Ray"),
            DeletionProtection = file.Bool("deletionProtection"),
            DomainName = file.OptionalString("domainName", DomainName(), "the public host name of certificateArn (for example identities.example.com), or null"),
            Mfa = file.RequiredString("mfa", MfaSetting(), "\"required\" (every sign-in asks for an authenticator code) or \"optional\" (staff may set one up)") == "required"
                ? MfaMode.Required
                : MfaMode.Optional,
            DailyBackupRetentionDays = file.Int("dailyBackupRetentionDays", days => days is >= 1 and <= 365, "days from 1 to 365 that each daily backup is kept"),
            MonthlyBackups = file.Bool("monthlyBackups"),
            WafRateLimit = file.Int("wafRateLimit", RateLimitFits, $"requests per client IP in 5 minutes, {MinimumRateLimit} to {MaximumRateLimit:#,0}"),
            WafFormPostRateLimit = file.Int("wafFormPostRateLimit", RateLimitFits, $"form posts per client IP in 5 minutes, {MinimumRateLimit} to {MaximumRateLimit:#,0}"),
            WafManagedRuleGroups = file.StringList("wafManagedRuleGroups", ManagedRuleGroups.Capacity.ContainsKey, $"a list of AWS managed rule groups, each one of {string.Join(", ", ManagedRuleGroups.Capacity.Keys)}"),
            AlarmEmails = file.StringList("alarmEmails", EmailAddress().IsMatch, "a list of e-mail addresses such as [\"ops@example.com\"], or [] for none", allowEmpty: true),
            BlueGreenBakeMinutes = file.OptionalInt("blueGreenBakeMinutes", minutes => minutes is >= 0 and <= 1440, "minutes from 0 to 1440 that old and new revisions run side by side, or null for rolling updates"),
            CloudTrailName = file.OptionalString("cloudTrailName", TrailName(), "the name or ARN of an existing CloudTrail trail, or null to make one for the tables"),
            ProtectedDeploy = file.Bool("protectedDeploy"),
            BackupCopyRegion = file.OptionalString("backupCopyRegion", Region(), "an AWS region other than the environment's (for example us-west-2), or null for no copy"),
            CodeBuild = file.Bool("codeBuild"),
        };
        file.RejectUnknown();

        if (settings.MaxTasks < settings.MinTasks)
        {
            throw new DeployException($"{source}: setting 'maxTasks' is {settings.MaxTasks}; it must be at least minTasks ({settings.MinTasks}).");
        }

        foreach (var (key, arn, region) in new[]
        {
            ("certificateArn", settings.CertificateArn, settings.Region),
            ("cloudFrontCertificateArn", settings.CloudFrontCertificateArn, CloudFrontCertificateRegion),
            ("privateCertificateAuthorityArn", settings.PrivateCertificateAuthorityArn, settings.Region),
        })
        {
            if (arn is not null && arn.Split(':')[3] != region)
            {
                throw new DeployException($"{source}: setting '{key}' is in region {arn.Split(':')[3]}; it must be in {(key == "cloudFrontCertificateArn" ? "the region CloudFront reads certificates from," : "the environment's region")} {region}.");
            }
        }

        if (settings.BackupCopyRegion == settings.Region)
        {
            throw new DeployException($"{source}: setting 'backupCopyRegion' is {settings.Region}, the environment's own region; a copy must go to another region to survive the loss of this one (or null for no copy).");
        }

        ValidateOwnDomain(settings, source);
        ValidateWaf(settings, source);
        return settings;
    }

    /// <summary>
    /// An own domain needs both certificates: CloudFront's (us-east-1) for viewers and the load balancer's
    /// (the environment's region) for CloudFront's leg to it. Either alone would leave one leg on a name
    /// no certificate covers.
    /// </summary>
    private static void ValidateOwnDomain(EnvironmentSettings settings, string source)
    {
        if ((settings.CertificateArn is null) != (settings.CloudFrontCertificateArn is null))
        {
            throw new DeployException(settings.CertificateArn is null
                ? $"{source}: setting 'certificateArn' is null; with a cloudFrontCertificateArn the load balancer needs its own certificate in {settings.Region}, so CloudFront reaches it over HTTPS."
                : $"{source}: setting 'cloudFrontCertificateArn' is null; with a certificateArn CloudFront needs a certificate in {CloudFrontCertificateRegion} to serve viewers on the domain.");
        }

        if ((settings.CertificateArn is null) != (settings.DomainName is null))
        {
            throw new DeployException(settings.CertificateArn is null
                ? $"{source}: setting 'domainName' is {settings.DomainName}; it only applies with certificateArn and cloudFrontCertificateArn (without them the application answers on CloudFront's name)."
                : $"{source}: setting 'domainName' is null; with certificates it must name the host they are for, because sign-in redirects back to it.");
        }
    }

    private static void ValidateWaf(EnvironmentSettings settings, string source)
    {
        if (settings.WafFormPostRateLimit > settings.WafRateLimit)
        {
            throw new DeployException($"{source}: setting 'wafFormPostRateLimit' is {settings.WafFormPostRateLimit}; it must not exceed wafRateLimit ({settings.WafRateLimit}), since every form post is also a request.");
        }

        var capacity = ManagedRuleGroups.RateRulesCapacity + settings.WafManagedRuleGroups.Sum(name => ManagedRuleGroups.Capacity[name]);
        if (capacity > ManagedRuleGroups.IncludedCapacity)
        {
            throw new DeployException($"{source}: setting 'wafManagedRuleGroups' needs {capacity} WCU; a web ACL holds {ManagedRuleGroups.IncludedCapacity} before AWS WAF charges more for every request, so drop a group.");
        }
    }

    private static bool RateLimitFits(int limit) => limit is >= MinimumRateLimit and <= MaximumRateLimit;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,15}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainName();

    [GeneratedRegex("^(arm64|x86_64)$")]
    private static partial Regex Architecture();

    // A workload's name as the manifest spells it (Aspire resource names).
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,63}$")]
    private static partial Regex WorkloadName();

    [GeneratedRegex("^(required|optional)$")]
    private static partial Regex MfaSetting();

    // Deliberately plain: SNS confirms every address by e-mail, so this only catches typos such as a missing @.
    [GeneratedRegex(@"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^([A-Za-z0-9][A-Za-z0-9._-]{2,127}|arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail/[A-Za-z0-9][A-Za-z0-9._-]{2,127})$")]
    private static partial Regex TrailName();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-\\d$")]
    private static partial Regex Region();

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority/[A-Za-z0-9-]+$")]
    private static partial Regex PrivateCaArn();

    /// <summary>The file's JSON object with accessors whose errors name the setting.</summary>
    private sealed class SettingsFile(JsonElement root, string source)
    {
        public string RequiredString(string key, Regex pattern, string expected) =>
            OptionalString(key, pattern, expected) ?? throw Invalid(key, "null", expected);

        public string? OptionalString(string key, Regex pattern, string expected)
        {
            var value = Get(key);
            return value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String when value.GetString() is { Length: 0 } => null,
                JsonValueKind.String when pattern.IsMatch(value.GetString()!) => value.GetString(),
                _ => throw Invalid(key, value.GetRawText(), expected),
            };
        }

        /// <summary>
        /// A JSON array of strings, each accepted by <paramref name="valid"/> and listed once (ignoring case); empty
        /// only where <paramref name="allowEmpty"/>. The error shows the value serialized again, not its raw text,
        /// so an array written over several lines stays a one-line error.
        /// </summary>
        public IReadOnlyList<string> StringList(string key, Func<string, bool> valid, string expected, bool allowEmpty = false)
        {
            var value = Get(key);
            var actual = JsonSerializer.Serialize(value);
            if (value.ValueKind != JsonValueKind.Array || (value.GetArrayLength() == 0 && !allowEmpty))
            {
                throw Invalid(key, actual, expected);
            }

            var items = value.EnumerateArray().ToList();
            return items.All(item => item.ValueKind == JsonValueKind.String && valid(item.GetString()!))
                && items.Select(item => item.GetString()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == items.Count
                ? [.. items.Select(item => item.GetString()!)]
                : throw Invalid(key, actual, expected + ", each once");
        }

        public int Int(string key, Func<int, bool> valid, string expected)
        {
            var value = Get(key);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && valid(number)
                ? number
                : throw Invalid(key, value.GetRawText(), expected);
        }

        /// <summary>A task size object; the error shows the value serialized again, so it stays one line.</summary>
        public TaskSize Size(string key) => SizeOf(key, Get(key));

        /// <summary>An object of task sizes by workload name; {} when every workload takes the default.</summary>
        public Dictionary<string, TaskSize> Sizes(string key)
        {
            var value = Get(key);
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(key, JsonSerializer.Serialize(value), "an object of sizes by service name, such as { \"backend\": { \"cpu\": 256, \"memoryMiB\": 512 } }, or {}");
            }

            var sizes = new Dictionary<string, TaskSize>(StringComparer.Ordinal);
            foreach (var entry in value.EnumerateObject())
            {
                sizes[WorkloadName().IsMatch(entry.Name) ? entry.Name : throw Invalid(key, JsonSerializer.Serialize(value), "sizes keyed by service names")] = SizeOf($"{key}.{entry.Name}", entry.Value);
            }

            return sizes;
        }

        private TaskSize SizeOf(string key, JsonElement value)
        {
            var size = value.ValueKind == JsonValueKind.Object
                && value.EnumerateObject().Count() == 2
                && value.TryGetProperty("cpu", out var cpu) && IntOrNull(cpu) is { } cpuUnits
                && value.TryGetProperty("memoryMiB", out var memory) && IntOrNull(memory) is { } memoryMiB
                    ? new TaskSize(cpuUnits, memoryMiB)
                    : null;
            return size is { IsOfferedByFargate: true } ? size : throw Invalid(key, JsonSerializer.Serialize(value), TaskSize.Expected);
        }

        /// <summary>A JSON number as an int, or null for a string, a fraction or anything else.</summary>
        private static int? IntOrNull(JsonElement element) =>
            element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number) ? number : null;

        public int? OptionalInt(string key, Func<int, bool> valid, string expected) =>
            Get(key).ValueKind == JsonValueKind.Null ? null : Int(key, valid, expected);

        public bool Bool(string key)
        {
            var value = Get(key);
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid(key, value.GetRawText(), "true or false"),
            };
        }

        public void RejectUnknown()
        {
            foreach (var unknown in root.EnumerateObject().Select(p => p.Name).Where(name => !Keys.Contains(name)))
            {
                throw new DeployException($"{source}: setting '{unknown}' is not known (known settings: {string.Join(", ", Keys)}).");
            }
        }

        private JsonElement Get(string key)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DeployException($"{source} must hold one JSON object of settings.");
            }

            return root.TryGetProperty(key, out var value)
                ? value
                : throw new DeployException($"{source}: setting '{key}' is missing.");
        }

        private DeployException Invalid(string key, string actual, string expected) =>
            new($"{source}: setting '{key}' is {actual}; expected {expected}.");
    }
}
