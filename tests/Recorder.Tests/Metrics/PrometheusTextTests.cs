using System.Globalization;
using SeccompRecorder.Metrics;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-3.0, "-3")]
    [InlineData(0.0125, "0.0125")]
    [InlineData(1e-06, "1e-06")]
    [InlineData(2.5e-06, "2.5e-06")]
    [InlineData(1795341600.5, "1795341600.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatDouble_Value_AsGoParseFloatReadsIt(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.FormatDouble(value));

    [Fact]
    public void FormatDouble_CommaDecimalCulture_StillAPoint()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            // InvariantGlobalization has no de-DE: a clone with a decimal comma stands in for it.
            CultureInfo comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,25", 0.25.ToString(CultureInfo.CurrentCulture));
            Assert.Equal("0.25", PrometheusText.FormatDouble(0.25));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("seccomp_recorder_syscalls_total", true)]
    [InlineData("ns:sub_metric", true)]
    [InlineData("_leading", true)]
    [InlineData("1abc", false)]
    [InlineData("with space", false)]
    [InlineData("", false)]
    public void IsValidMetricName_Name_Expected(string name, bool expected) =>
        Assert.Equal(expected, PrometheusText.IsValidMetricName(name));

    [Theory]
    [InlineData("container", true)]
    [InlineData("_x", true)]
    [InlineData("__name__", false)]
    [InlineData("with:colon", false)]
    [InlineData("9", false)]
    public void IsValidLabelName_Name_Expected(string name, bool expected) =>
        Assert.Equal(expected, PrometheusText.IsValidLabelName(name));
}
