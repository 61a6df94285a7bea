using System.Diagnostics;

namespace Warbler.Bench.Im;

/// <summary>
/// CPU seconds the load tool and the server used during a phase, against its wall-clock time: on a
/// machine they share, the tool's own share explains part of every latency.
/// </summary>
internal sealed record CpuUse(double WallSeconds, double ToolSeconds, double? ServerSeconds)
{
    public static Func<CpuUse> Start(ServerProcess server)
    {
        var wall = Clock.Now();
        var tool = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var serverCpu = server.CpuSeconds();
        return () => new CpuUse(
            Clock.SecondsSince(wall),
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - tool,
            server.CpuSeconds() - serverCpu);
    }
}
