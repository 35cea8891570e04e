using System.Text;
using SeccompRecorder.Metrics;
using SeccompRecorder.Notify;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Write_HelpWithBackslashNewlineAndQuote_EscapesBackslashAndNewlineOnly()
    {
        PrometheusTextWriter writer = new();
        MetricFamily family = new("x_total", MetricType.Counter, "a \\ b\nc \"d\"");
        family.Add(1);

        writer.Write(family);

        Assert.Equal("# HELP x_total a \\\\ b\\nc \"d\"\n# TYPE x_total counter\nx_total 1\n", writer.ToString());
    }

    [Fact]
    public void Write_LabelValueWithBackslashQuoteNewline_EscapesAllThree()
    {
        PrometheusTextWriter writer = new();
        MetricFamily family = new("g", MetricType.Gauge, "h", "a", "b");
        family.Add(2, "\\\"\n", "tab\there");

        writer.Write(family);

        Assert.EndsWith("g{a=\"\\\\\\\"\\n\",b=\"tab\there\"} 2\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SameLabelSetTwice_OneSeriesWithTheSum()
    {
        PrometheusTextWriter writer = new();
        MetricFamily family = new("c_total", MetricType.Counter, "h", "syscall");
        family.Add(3, "unknown");
        family.Add(4, "getppid");
        family.Add(5, "unknown");

        writer.Write(family);

        Assert.Equal(2, family.Count);
        Assert.Equal("# HELP c_total h\n# TYPE c_total counter\nc_total{syscall=\"getppid\"} 4\nc_total{syscall=\"unknown\"} 8\n", writer.ToString());
    }

    [Fact]
    public void Add_LabelValuesDifferingOnlyInCase_TwoSeries()
    {
        MetricFamily family = new("c_total", MetricType.Counter, "h", "container");
        family.Add(1, "A");
        family.Add(1, "a");

        Assert.Equal(2, family.Count);
    }

    [Fact]
    public void Add_WrongNumberOfValues_Throws()
    {
        MetricFamily family = new("c_total", MetricType.Counter, "h", "a", "b");

        Assert.Throws<ArgumentException>(() => family.Add(1, "only-one"));
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("has-dash")]
    [InlineData("")]
    [InlineData("é")]
    public void MetricFamily_InvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new MetricFamily(name, MetricType.Gauge, "h"));

    [Theory]
    [InlineData("__reserved")]
    [InlineData("le")]
    [InlineData("quantile")]
    [InlineData("a:b")]
    [InlineData("0a")]
    public void MetricFamily_InvalidLabelName_Throws(string label) =>
        Assert.Throws<ArgumentException>(() => new MetricFamily("m", MetricType.Gauge, "h", label));

    [Fact]
    public void MetricFamily_LabelNamedTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => new MetricFamily("m", MetricType.Gauge, "h", "a", "a"));

    [Fact]
    public void Write_SameFamilyTwice_Throws()
    {
        PrometheusTextWriter writer = new();
        writer.Write(new MetricFamily("m", MetricType.Gauge, "h"));

        Assert.Throws<InvalidOperationException>(() => writer.Write(new MetricFamily("m", MetricType.Gauge, "h")));
    }

    [Fact]
    public void WriteHistogram_CounterNamedLikeItsCount_Throws()
    {
        PrometheusTextWriter writer = new();
        writer.WriteHistogram("d_seconds", "h", new HistogramSnapshot([1], [0, 0], 0, 0));

        Assert.Throws<InvalidOperationException>(() => writer.Write(new MetricFamily("d_seconds_count", MetricType.Counter, "h")));
    }

    [Fact]
    public void WriteHistogram_Buckets_CumulativeWithInfSumAndCount()
    {
        PrometheusTextWriter writer = new();

        writer.WriteHistogram("d_seconds", "Duration.", new HistogramSnapshot([0.5, 1, 2.5], [1, 3, 3, 4], 4.75, 4));

        Assert.Equal(
            """
            # HELP d_seconds Duration.
            # TYPE d_seconds histogram
            d_seconds_bucket{le="0.5"} 1
            d_seconds_bucket{le="1"} 3
            d_seconds_bucket{le="2.5"} 3
            d_seconds_bucket{le="+Inf"} 4
            d_seconds_sum 4.75
            d_seconds_count 4

            """.ReplaceLineEndings("\n"),
            writer.ToString());
    }

    [Fact]
    public void WriteHistogram_CountsNotMatchingBounds_Throws() =>
        Assert.Throws<ArgumentException>(() => new PrometheusTextWriter().WriteHistogram("d", "h", new HistogramSnapshot([1, 2], [0, 0], 0, 0)));

    [Fact]
    public void ToUtf8_LoneSurrogate_ReplacementCharacterNotInvalidUtf8()
    {
        PrometheusTextWriter writer = new();
        MetricFamily family = new("g", MetricType.Gauge, "h", "a");
        family.Add(1, "\ud800");
        writer.Write(family);

        byte[] bytes = writer.ToUtf8();

        string decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.Contains("g{a=\"\ufffd\"} 1\n", decoded, StringComparison.Ordinal);
    }
}
