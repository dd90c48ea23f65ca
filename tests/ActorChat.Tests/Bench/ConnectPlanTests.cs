using System.Net;
using ActorChat.Bench;

namespace ActorChat.Tests.Bench;

public sealed class ConnectPlanTests
{
    [Fact]
    public void Clients_are_split_into_consecutive_near_equal_shares()
    {
        Assert.Equal([(0, 4), (4, 3), (7, 3)], ConnectPlan.Split(10, 3));
        Assert.Equal([(0, 20000)], ConnectPlan.Split(20000, 1));
        Assert.Equal([(0, 1), (1, 1), (2, 0)], ConnectPlan.Split(2, 3));
    }

    [Fact]
    public void Processes_are_as_many_as_the_open_file_limit_needs()
    {
        var perProcess = 20000 - ConnectPlan.ReservedDescriptors;
        Assert.Equal(1, ConnectPlan.ProcessesFor(perProcess, 20000));
        Assert.Equal(2, ConnectPlan.ProcessesFor(perProcess + 1, 20000));
        Assert.Equal(3, ConnectPlan.ProcessesFor(50000, 20000));
        Assert.Equal(1, ConnectPlan.ProcessesFor(50000, null));
    }

    [Fact]
    public void Source_addresses_cycle_over_loopback()
    {
        Assert.Null(ConnectPlan.SourceAddress(7, 1));
        Assert.Equal(IPAddress.Parse("127.0.0.1"), ConnectPlan.SourceAddress(0, 4));
        Assert.Equal(IPAddress.Parse("127.0.0.4"), ConnectPlan.SourceAddress(3, 4));
        Assert.Equal(IPAddress.Parse("127.0.0.1"), ConnectPlan.SourceAddress(4, 4));
    }

    [Fact]
    public void The_soft_open_file_limit_is_read_from_proc_limits()
    {
        Assert.Equal(20000, ActorChat.Shared.OpenFileLimit.Parse("Max open files            20000                20000                files     \n"));
        Assert.Null(ActorChat.Shared.OpenFileLimit.Parse("Max open files            unlimited            unlimited            files\n"));
    }
}

public sealed class WorkerLineTests
{
    [Fact]
    public void Reports_read_back_as_written()
    {
        Assert.Equal(new WorkerLine.ReadyLine(250, TimeSpan.FromSeconds(1.5)), WorkerLine.Parse(WorkerLine.Ready(250, TimeSpan.FromSeconds(1.5))));
        Assert.Equal(new WorkerLine.PongLine(true), WorkerLine.Parse(WorkerLine.Pong(true)));
        Assert.Equal(new WorkerLine.PongLine(false), WorkerLine.Parse(WorkerLine.Pong(false)));
        Assert.Equal(new WorkerLine.FailedLine("SocketException: refused now"), WorkerLine.Parse(WorkerLine.Failed("SocketException: refused\nnow")));
        Assert.Equal(new WorkerLine.ErrorLine("{\"type\":\"bye\"}"), WorkerLine.Parse(WorkerLine.Error("{\"type\":\"bye\"}")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ready")]
    [InlineData("ready x 1.0")]
    [InlineData("pong maybe")]
    [InlineData("Unhandled exception.")]
    public void Anything_else_is_no_report(string line) => Assert.Null(WorkerLine.Parse(line));
}
