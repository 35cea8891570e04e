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

    [Fact]
    public void Validate_TlsFilesWithoutApiTcp_FailsRatherThanIgnoringThem()
    {
        ValidateOptionsResult result = new RecorderOptionsValidator().Validate(null, new RecorderOptions { ApiTlsCert = "/etc/c.pem" });

        Assert.Contains("--api-tls-cert, --api-tls-key and --api-tls-client-ca without --api-tcp: they are for the TCP API only", result.Failures!);
    }

    [Fact]
    public void Validate_InsecureAndTlsFiles_FailsAskingForOne()
    {
        ValidateOptionsResult result = new RecorderOptionsValidator().Validate(
            null, new RecorderOptions { ApiTcp = "127.0.0.1:9757", ApiTcpInsecure = true, ApiTlsClientCa = "/etc/ca.pem" });

        Assert.Contains("--api-tcp-insecure and --api-tls-cert, --api-tls-key and --api-tls-client-ca: choose plaintext or mutual TLS", result.Failures!);
    }

    [Fact]
    public void Validate_ApiTcpInsecure_SucceedsWithNoTls()
    {
        List<string> failures = [];
        DaemonSettings? settings = RecorderOptionsValidator.TryParse(
            new RecorderOptions { ApiTcp = "127.0.0.1:9757", ApiTcpInsecure = true }, SettingNames.Flag, failures);

        Assert.Empty(failures);
        Assert.Null(settings!.ApiTls);
    }

    [Fact]
    public void Validate_TlsFilesThatDoNotLoad_FailsNamingThem()
    {
        ValidateOptionsResult result = new RecorderOptionsValidator().Validate(null, new RecorderOptions
        {
            ApiTcp = "127.0.0.1:9757", ApiTlsCert = "/nonexistent/c.pem", ApiTlsKey = "/nonexistent/c.key", ApiTlsClientCa = "/nonexistent/ca.pem",
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("--api-tls-cert, --api-tls-key and --api-tls-client-ca: ", StringComparison.Ordinal)
            && f.Contains("/nonexistent/c.pem", StringComparison.Ordinal));
    }
}
