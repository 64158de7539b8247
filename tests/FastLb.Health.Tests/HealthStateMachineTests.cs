// Rise/fall counting of the health state machine.
using FastLb.Health;

namespace FastLb.Health.Tests;

public sealed class HealthStateMachineTests
{
    [Fact]
    public void Record_DownAndRiseSuccesses_GoesUpOnExactlyTheRiseth()
    {
        var m = new HealthStateMachine(rise: 3, fall: 2, HealthState.Down);
        Assert.False(m.Record(true));
        Assert.False(m.Record(true));
        Assert.Equal(HealthState.Down, m.State);
        Assert.True(m.Record(true));
        Assert.Equal(HealthState.Up, m.State);
    }

    [Fact]
    public void Record_FailureInterruptsRise_CountStartsOver()
    {
        var m = new HealthStateMachine(rise: 2, fall: 2, HealthState.Down);
        Assert.False(m.Record(true));
        Assert.False(m.Record(false));
        Assert.False(m.Record(true));
        Assert.Equal(HealthState.Down, m.State);
        Assert.True(m.Record(true));
        Assert.Equal(HealthState.Up, m.State);
    }

    [Fact]
    public void Record_UpAndFallFailures_GoesDownOnExactlyTheFallth()
    {
        var m = new HealthStateMachine(rise: 2, fall: 3, HealthState.Up);
        Assert.False(m.Record(false));
        Assert.False(m.Record(false));
        Assert.Equal(HealthState.Up, m.State);
        Assert.True(m.Record(false));
        Assert.Equal(HealthState.Down, m.State);
    }

    [Fact]
    public void Record_SuccessWhileUp_ResetsFailureStreak()
    {
        var m = new HealthStateMachine(rise: 1, fall: 2, HealthState.Up);
        Assert.False(m.Record(false));
        Assert.False(m.Record(true));
        Assert.False(m.Record(false));
        Assert.Equal(HealthState.Up, m.State);
    }

    [Fact]
    public void Constructor_InitialUp_StartsUp()
    {
        Assert.Equal(HealthState.Up, new HealthStateMachine(1, 1, HealthState.Up).State);
        Assert.Equal(HealthState.Down, new HealthStateMachine(1, 1, HealthState.Down).State);
    }

    [Fact]
    public void Constructor_ZeroRise_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthStateMachine(0, 1, HealthState.Down));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthStateMachine(1, 0, HealthState.Down));
    }
}
