using Microsoft.Extensions.Primitives;
using SeccompRecorder.Metrics;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

public sealed class ExpositionNegotiationTests
{
    /// <summary>What Prometheus 2.42 (Debian 12's) sends on every scrape: scrape/scrape.go, scrapeAcceptHeader.</summary>
    public const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    [Theory]
    [InlineData(PrometheusAccept, nameof(ExpositionFormat.OpenMetrics))]
    [InlineData("application/openmetrics-text", nameof(ExpositionFormat.OpenMetrics))]
    [InlineData("Application/OpenMetrics-Text; Version=1.0.0", nameof(ExpositionFormat.OpenMetrics))]
    [InlineData("text/plain, application/openmetrics-text", nameof(ExpositionFormat.OpenMetrics))]
    [InlineData("*/*", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("text/plain;version=0.0.4", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("text/plain;q=0.9, application/openmetrics-text;q=0.5", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("text/*;q=0.9, application/openmetrics-text;q=0.5", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("application/openmetrics-text;q=0", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("application/openmetrics-text;version=0.0.1", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("application/json", nameof(ExpositionFormat.PrometheusText))]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0.2, text/plain;version=1.0.0", nameof(ExpositionFormat.OpenMetrics))]
    [InlineData("\"not a media type", nameof(ExpositionFormat.PrometheusText))]
    public void Format_Accept_Chosen(string accept, string expected) =>
        Assert.Equal(Enum.Parse<ExpositionFormat>(expected), ExpositionNegotiation.Format(new StringValues(accept)));

    [Fact]
    public void Format_AcceptInSeveralHeaderLines_AllRead() =>
        Assert.Equal(ExpositionFormat.OpenMetrics, ExpositionNegotiation.Format(new StringValues(["text/plain;q=0.5", "application/openmetrics-text"])));

    [Fact]
    public void Format_NoAcceptHeader_Text() =>
        Assert.Equal(ExpositionFormat.PrometheusText, ExpositionNegotiation.Format(StringValues.Empty));

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("GZIP", true)]
    [InlineData("deflate, gzip;q=0.5", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("br, deflate", false)]
    [InlineData("*", false)]
    [InlineData("identity", false)]
    [InlineData("", false)]
    public void AcceptsGzip_AcceptEncoding_Expected(string acceptEncoding, bool expected) =>
        Assert.Equal(expected, ExpositionNegotiation.AcceptsGzip(new StringValues(acceptEncoding)));
}
