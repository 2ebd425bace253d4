using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cost;

/// <summary>
/// The always-on tasks of every service at its own size and the environment's architecture: on demand, and with
/// spotTasks all but one per service on Fargate Spot; the jobs, which cost only while they run.
/// </summary>
internal static class FargateCost
{
    /// <summary>The services' tasks on demand, and with spotTasks those on Spot.</summary>
    public static IEnumerable<CostItem> Services(CloudModel model, EnvironmentSettings settings)
    {
        var architecture = Architecture(settings);
        var onDemand = SpotCapacity.OnDemandTasks(settings.MinTasks, settings.SpotTasks);
        yield return Line("Fargate tasks", model.Services, onDemand, settings, spot: false, $"on demand, {architecture}, always on");
        if (settings.SpotTasks && settings.MinTasks > onDemand)
        {
            yield return Line("Fargate Spot tasks", model.Services, settings.MinTasks - onDemand, settings, spot: true, $"Spot, {architecture}, always on (interrupted with 2 minutes' notice, replaced by ECS)");
        }
    }

    /// <summary>The jobs, on demand, only while they run.</summary>
    public static CostItem Jobs(CloudModel model, EnvironmentSettings settings)
    {
        var (vcpuHour, gbHour) = UnitPrices.Fargate(settings.CpuArchitecture, spot: false);
        var sizes = string.Join(", ", model.Jobs.Select(job => $"{job.Name} {settings.SizeOf(job.Name)}"));
        return new("Fargate jobs", $"{model.Jobs.Count} job{(model.Jobs.Count == 1 ? string.Empty : "s")} x {UnitPrices.AssumedJobHoursPerMonth} h a month ({sizes}), {Architecture(settings)}, only while running",
            model.Jobs.Sum(job => UnitPrices.AssumedJobHoursPerMonth * Hourly(settings.SizeOf(job.Name), vcpuHour, gbHour)));
    }

    public static string Assumption(EnvironmentSettings settings)
    {
        var (vcpuHour, gbHour) = UnitPrices.Fargate(settings.CpuArchitecture, spot: false);
        var prices = $"Fargate {(settings.CpuArchitecture == TaskArchitecture.Arm64 ? "ARM64" : "x86_64")} on demand at ${vcpuHour}/vCPU-hour and ${gbHour}/GB-hour";
        if (!settings.SpotTasks)
        {
            return prices + ".";
        }

        var (spotVcpuHour, spotGbHour) = UnitPrices.Fargate(settings.CpuArchitecture, spot: true);
        return $"{prices}; Fargate Spot at about ${spotVcpuHour}/vCPU-hour and ${spotGbHour}/GB-hour (Spot prices follow spare capacity; " +
            "these are us-east-1's of late 2025). One task per service stays on demand, the rest run on Spot; an interrupted Spot task is replaced within minutes.";
    }

    private static CostItem Line(string name, IReadOnlyCollection<ServiceModel> services, int tasksEach, EnvironmentSettings settings, bool spot, string how)
    {
        var (vcpuHour, gbHour) = UnitPrices.Fargate(settings.CpuArchitecture, spot);
        var sizes = string.Join(", ", services.Select(service => $"{service.Name} {tasksEach} x {settings.SizeOf(service.Name)}"));
        return new(name, $"{services.Count * tasksEach} tasks ({sizes}), {how}",
            services.Sum(service => tasksEach * CostEstimate.HoursPerMonth * Hourly(settings.SizeOf(service.Name), vcpuHour, gbHour)));
    }

    private static string Architecture(EnvironmentSettings settings) => settings.CpuArchitecture == TaskArchitecture.Arm64 ? "ARM64 (Graviton)" : "x86_64";

    private static decimal Hourly(TaskSize size, decimal vcpuHour, decimal gbHour) => (size.Vcpu * vcpuHour) + (size.MemoryGb * gbHour);
}
