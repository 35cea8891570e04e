using Microsoft.Extensions.Options;
using SeccompRecorder.Hosting;
using Xunit;

namespace SeccompRecorder.Tests.Hosting;

public sealed class RecorderOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new RecorderOptionsValidator().Validate(null, new RecorderOptions()).Succeeded);

    [Theory]
    [InlineData("0")]
    [InlineData("root")]
    [InlineData("4242")]
    public void Validate_ApiGroupKnownOrNumeric_Succeeds(string group) =>
        Assert.True(new RecorderOptionsValidator().Validate(null, new RecorderOptions { ApiGroup = group }).Succeeded);

    [Fact]
    public void Validate_ApiGroupUnknown_FailsNamingIt()
    {
        ValidateOptionsResult result = new RecorderOptionsValidator().Validate(null, new RecorderOptions { ApiGroup = "no-such-group-xyz" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("--api-group", StringComparison.Ordinal) && f.Contains("no-such-group-xyz", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AllowedUidsNotNumbers_Fails()
    {
        ValidateOptionsResult result = new RecorderOptionsValidator().Validate(null, new RecorderOptions { AllowedUids = "1000,runc" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("--allowed-uid", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RelativeApiPath_Fails()
    {
        ValidateOptionsResult result = new RecorderOptionsValidator().Validate(null, new RecorderOptions { Api = "relative/api.sock" });

        Assert.Contains("--api: \"relative/api.sock\" is not an absolute path", result.Failures!);
    }
}
