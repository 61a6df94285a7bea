using Microsoft.Extensions.Time.Testing;
using Warbler.Server.Hosting;

namespace Warbler.Gateway.Tests.Configuration;

public sealed class StartupThreadsTests
{
    [Fact]
    public void RaiseForAWhile_BelowTheFloor_RaisesTheMinimumForAMinuteThenPutsItBack()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var time = new FakeTimeProvider();
        try
        {
            ThreadPool.SetMinThreads(2, completionPorts);

            StartupThreads.RaiseForAWhile(time);
            ThreadPool.GetMinThreads(out var raised, out _);
            time.Advance(StartupThreads.Window - TimeSpan.FromSeconds(1));
            ThreadPool.GetMinThreads(out var stillRaised, out _);
            time.Advance(TimeSpan.FromSeconds(1));
            ThreadPool.GetMinThreads(out var after, out _);

            Assert.Equal(StartupThreads.Floor, raised);
            Assert.Equal(StartupThreads.Floor, stillRaised);
            Assert.Equal(2, after);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }
    }

    [Fact]
    public void RaiseForAWhile_AlreadyAtOrAboveTheFloor_LeavesIt()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var time = new FakeTimeProvider();
        try
        {
            ThreadPool.SetMinThreads(StartupThreads.Floor + 4, completionPorts);

            StartupThreads.RaiseForAWhile(time);
            time.Advance(StartupThreads.Window);
            ThreadPool.GetMinThreads(out var after, out _);

            Assert.Equal(StartupThreads.Floor + 4, after);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }
    }
}
