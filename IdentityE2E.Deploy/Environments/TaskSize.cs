namespace IdentityE2E.Deploy.Environments;

/// <summary>
/// A Fargate task size: CPU units (1024 = 1 vCPU) and memory, shared by the app, its telemetry sidecar and the
/// Service Connect proxy. Only the pairs Fargate offers are valid
/// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
/// </summary>
internal sealed record TaskSize(int Cpu, int MemoryMiB)
{
    public const string Expected =
        "{ \"cpu\": ..., \"memoryMiB\": ... } with a pair Fargate offers: cpu 256 with 512, 1024 or 2048; 512 with 1024-4096; " +
        "1024 with 2048-8192; 2048 with 4096-16384; 4096 with 8192-30720 (in steps of 1024 MiB); 8192 and 16384 as Fargate's table says";

    public decimal Vcpu => Cpu / 1024m;

    public decimal MemoryGb => MemoryMiB / 1024m;

    public bool IsOfferedByFargate => Cpu switch
    {
        256 => MemoryMiB is 512 or 1024 or 2048,
        512 => MemoryMiB is >= 1024 and <= 4096 && MemoryMiB % 1024 == 0,
        1024 => MemoryMiB is >= 2048 and <= 8192 && MemoryMiB % 1024 == 0,
        2048 => MemoryMiB is >= 4096 and <= 16384 && MemoryMiB % 1024 == 0,
        4096 => MemoryMiB is >= 8192 and <= 30720 && MemoryMiB % 1024 == 0,
        8192 => MemoryMiB is >= 16384 and <= 61440 && MemoryMiB % 4096 == 0,
        16384 => MemoryMiB is >= 32768 and <= 122880 && MemoryMiB % 8192 == 0,
        _ => false,
    };

    public override string ToString() => $"{Vcpu:0.##} vCPU / {MemoryGb:0.##} GB";
}
