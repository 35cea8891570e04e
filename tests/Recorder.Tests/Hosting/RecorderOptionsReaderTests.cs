using Microsoft.Extensions.Configuration;
using SeccompRecorder.Hosting;
using Xunit;

namespace SeccompRecorder.Tests.Hosting;

public sealed class RecorderOptionsReaderTests
{
    [Fact]
    public void TryRead_Nothing_Defaults()
    {
        Assert.True(RecorderOptionsReader.TryRead(Settings(), key => key, out DaemonSettings? settings, out _));
        RecorderOptions options = settings.Options;

        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectionTimeout);
        Assert.Null(options.FirstByteTimeout);
        Assert.Equal(1024, options.MaxWaitingConnections);
        Assert.Equal(TimeSpan.FromDays(7), options.Retention);
    }

    [Fact]
    public void TryRead_EveryTypedSetting_ParsedOnce()
    {
        IConfiguration settings = Settings(
            ("ConnectionTimeout", "60s"), ("FirstByteTimeout", "00:10:00"), ("MaxWaitingConnections", "16"), ("MaxMessageBytes", "8192"),
            ("Grace", "1500ms"), ("Retention", "1h30m"), ("MetricsRetention", "00:01:00"), ("FdStore", "True"), ("CrioCompatibleMetrics", "false"));

        Assert.True(RecorderOptionsReader.TryRead(settings, key => key, out DaemonSettings? read, out string? error), error);
        RecorderOptions options = read.Options;

        Assert.Equal(
            (TimeSpan.FromMinutes(1), (TimeSpan?)TimeSpan.FromMinutes(10), 16, 8192, TimeSpan.FromMilliseconds(1500), TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(1), true, false),
            (options.ConnectionTimeout, options.FirstByteTimeout, options.MaxWaitingConnections, options.MaxMessageBytes, options.Grace, options.Retention, options.MetricsRetention, options.FdStore, options.CrioCompatibleMetrics));
    }

    [Fact]
    public void TryRead_SeveralBadValues_OneLineNamingEachWhereItWasGiven()
    {
        IConfiguration settings = Settings(("ConnectionTimeout", "0s"), ("MaxWaitingConnections", "lots"), ("Listener", ""));

        Assert.False(RecorderOptionsReader.TryRead(settings, key => $"<{key}>", out _, out string? error));

        Assert.Equal(
            "<Listener>: must not be empty; <MaxWaitingConnections>: \"lots\" is not a whole number from 1 to 65536; "
            + "<ConnectionTimeout>: \"0s\" is not a duration above 0 and up to 5m (5s, 1m30s, 1500ms or 00:00:05)",
            error);
    }

    [Fact]
    public void TryRead_ValidatorFailure_NamedWhereItWasGiven()
    {
        Assert.False(RecorderOptionsReader.TryRead(Settings(("DefaultPolicy", "allow")), key => $"{key} in x.json", out _, out string? error));

        Assert.Equal("DefaultPolicy in x.json: \"allow\" is not record, audit, log or stop", error);
    }

    [Theory]
    [InlineData(null, NotifyWaitCase.Auto)]
    [InlineData("auto", NotifyWaitCase.Auto)]
    [InlineData("recv", NotifyWaitCase.Receive)]
    [InlineData("poll", NotifyWaitCase.Poll)]
    public void TryRead_NotifyWait_ParsedIntoTheNotifySettings(string? text, NotifyWaitCase expected)
    {
        IConfiguration settings = text is null ? Settings() : Settings(("NotifyWait", text));

        // recv is refused on kernels before 6.11; CI's kernels are newer.
        Assert.True(RecorderOptionsReader.TryRead(settings, key => key, out DaemonSettings? read, out string? error), error);

        Assert.Equal(expected.ToString(), read.Notify.Wait.ToString());
    }

    [Theory]
    [InlineData("RECV")]
    [InlineData("epoll")]
    [InlineData("")]
    public void TryRead_NotifyWaitUnknown_RefusedNamingTheChoices(string text)
    {
        Assert.False(RecorderOptionsReader.TryRead(Settings(("NotifyWait", text)), key => $"<{key}>", out _, out string? error));

        Assert.Equal($"<NotifyWait>: \"{text}\" is not auto, recv or poll", error);
    }

    /// <summary>NotifyWait's members, public for the theories' data.</summary>
    public enum NotifyWaitCase
    {
        Auto,
        Receive,
        Poll,
    }

    [Fact]
    public void SettingNames_EveryFlag_IsADaemonOption()
    {
        System.CommandLine.Command daemon = SeccompRecorder.Cli.DaemonCommand.Create();

        Assert.All(SettingNames.All, setting => Assert.Contains(daemon.Options, option => option.Name == setting.Flag));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
