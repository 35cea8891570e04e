using System.Text;
using SeccompRecorder.Metrics;
using SeccompRecorder.Notify;
using Xunit;

namespace SeccompRecorder.Tests.Metrics;

public sealed class ExpositionWriterTests
{
    [Fact]
    public void Write_HelpWithBackslashNewlineAndQuote_EscapesBackslashAndNewlineOnly()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        MetricFamily family = new("x_total", MetricType.Counter, "a \\ b\nc \"d\"");
        family.Add(1);

        writer.Write(family);

        Assert.Equal("# HELP x_total a \\\\ b\\nc \"d\"\n# TYPE x_total counter\nx_total 1\n", writer.ToString());
    }

    [Fact]
    public void Write_LabelValueWithBackslashQuoteNewline_EscapesAllThree()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        MetricFamily family = new("g", MetricType.Gauge, "h", "a", "b");
        family.Add(2, "\\\"\n", "tab\there");

        writer.Write(family);

        Assert.EndsWith("g{a=\"\\\\\\\"\\n\",b=\"tab\there\"} 2\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SameLabelSetTwice_OneSeriesWithTheSum()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
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
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.Write(new MetricFamily("m", MetricType.Gauge, "h"));

        Assert.Throws<InvalidOperationException>(() => writer.Write(new MetricFamily("m", MetricType.Gauge, "h")));
    }

    [Fact]
    public void WriteHistogram_CounterNamedLikeItsCount_Throws()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.WriteHistogram("d_seconds", "h", new HistogramSnapshot([1], [0, 0], 0, 0));

        Assert.Throws<InvalidOperationException>(() => writer.Write(new MetricFamily("d_seconds_count", MetricType.Counter, "h")));
    }

    [Fact]
    public void WriteHistogram_Buckets_CumulativeWithInfSumAndCount()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);

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
        Assert.Throws<ArgumentException>(() => new ExpositionWriter(ExpositionFormat.PrometheusText).WriteHistogram("d", "h", new HistogramSnapshot([1, 2], [0, 0], 0, 0)));

    [Fact]
    public void Finish_LoneSurrogate_ReplacementCharacterNotInvalidUtf8()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        MetricFamily family = new("g", MetricType.Gauge, "h", "a");
        family.Add(1, "\ud800");
        writer.Write(family);

        byte[] bytes = writer.Finish().ToArray();

        string decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.Contains("g{a=\"\ufffd\"} 1\n", decoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OpenMetricsCounter_FamilyNamedWithoutTotalSamplesWithIt()
    {
        ExpositionWriter writer = new(ExpositionFormat.OpenMetrics);
        MetricFamily family = new("c_total", MetricType.Counter, "h", "syscall");
        family.Add(3, "getppid");

        writer.Write(family);

        Assert.Equal("# HELP c h\n# TYPE c counter\nc_total{syscall=\"getppid\"} 3\n", writer.ToString());
    }

    [Fact]
    public void Write_OpenMetricsHelpWithBackslashNewlineAndQuote_EscapesAllThree()
    {
        ExpositionWriter writer = new(ExpositionFormat.OpenMetrics);

        writer.Write(new MetricFamily("x_total", MetricType.Counter, "a \\ b\nc \"d\""));

        Assert.Equal("# HELP x a \\\\ b\\nc \\\"d\\\"\n# TYPE x counter\n", writer.ToString());
    }

    [Fact]
    public void Write_OpenMetricsFamiliesEndingInAUnit_UnitLineOnTheFamilyName()
    {
        ExpositionWriter writer = new(ExpositionFormat.OpenMetrics);
        writer.Write(new MetricFamily("cpu_seconds_total", MetricType.Counter, "h"));
        writer.Write(new MetricFamily("rss_bytes", MetricType.Gauge, "h"));
        writer.WriteHistogram("d_seconds", "h", new HistogramSnapshot([1], [0, 0], 0, 0));
        writer.Write(new MetricFamily("open_fds", MetricType.Gauge, "h"));

        Assert.Equal(
            """
            # HELP cpu_seconds h
            # TYPE cpu_seconds counter
            # UNIT cpu_seconds seconds
            # HELP rss_bytes h
            # TYPE rss_bytes gauge
            # UNIT rss_bytes bytes
            # HELP d_seconds h
            # TYPE d_seconds histogram
            # UNIT d_seconds seconds
            d_seconds_bucket{le="1"} 0
            d_seconds_bucket{le="+Inf"} 0
            d_seconds_sum 0
            d_seconds_count 0
            # HELP open_fds h
            # TYPE open_fds gauge

            """.ReplaceLineEndings("\n"),
            writer.ToString());
    }

    [Fact]
    public void Finish_OpenMetrics_EofOnceAtTheEnd()
    {
        ExpositionWriter writer = new(ExpositionFormat.OpenMetrics);
        MetricFamily family = new("g", MetricType.Gauge, "h");
        family.Add(1);
        writer.Write(family);

        string first = Encoding.UTF8.GetString(writer.Finish().Span);
        string second = Encoding.UTF8.GetString(writer.Finish().Span);

        Assert.Equal("# HELP g h\n# TYPE g gauge\ng 1\n# EOF\n", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Finish_TextFormat_NoEof()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.Write(new MetricFamily("g", MetricType.Gauge, "h"));

        Assert.Equal("# HELP g h\n# TYPE g gauge\n", Encoding.UTF8.GetString(writer.Finish().Span));
    }

    [Fact]
    public void Write_AfterFinish_Throws()
    {
        ExpositionWriter writer = new(ExpositionFormat.OpenMetrics);
        writer.BeginFamily("g", MetricType.Gauge, "h", []);
        writer.Finish();

        Assert.Throws<InvalidOperationException>(() => writer.WriteSample(1));
        Assert.Throws<InvalidOperationException>(() => writer.Write(new MetricFamily("h", MetricType.Gauge, "h")));
    }

    [Theory]
    [InlineData(nameof(ExpositionFormat.PrometheusText))]
    [InlineData(nameof(ExpositionFormat.OpenMetrics))]
    public void Write_CounterWithoutTotal_Throws(string format) =>
        Assert.Throws<ArgumentException>(() => new ExpositionWriter(Enum.Parse<ExpositionFormat>(format)).Write(new MetricFamily("requests", MetricType.Counter, "h")));

    [Fact]
    public void Write_GaugeNamedAsACounterFamily_Throws()
    {
        // In OpenMetrics both would be the family "x"; the text format is held to the same names.
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.Write(new MetricFamily("x_total", MetricType.Counter, "h"));

        Assert.Throws<InvalidOperationException>(() => writer.Write(new MetricFamily("x", MetricType.Gauge, "h")));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(-2.0, "-2")]
    [InlineData(-0.0, "-0")]
    [InlineData(0.5, "0.5")]
    [InlineData(double.NaN, "NaN")]
    public void WriteSample_Value_AsFormatDoubleWritesIt(double value, string expected)
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.BeginFamily("g", MetricType.Gauge, "h", []);

        writer.WriteSample(value);

        Assert.Equal(PrometheusText.FormatDouble(value), expected);
        Assert.EndsWith($"\ng {expected}\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSample_WrongNumberOfValues_Throws()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.BeginFamily("g", MetricType.Gauge, "h", ["a", "b"]);

        Assert.Throws<ArgumentException>(() => writer.WriteSample(1, "only-one"));
    }

    [Fact]
    public void WriteSample_WithPrefix_SameLineAsWithAllValues()
    {
        ExpositionWriter all = new(ExpositionFormat.PrometheusText);
        all.BeginFamily("c_total", MetricType.Counter, "h", ["id", "pod", "syscall"]);
        all.WriteSample(7, "a\"\\\n", "p", "read");
        ExpositionWriter prefixed = new(ExpositionFormat.PrometheusText);
        prefixed.BeginFamily("c_total", MetricType.Counter, "h", ["id", "pod", "syscall"]);

        prefixed.WriteSample(prefixed.Prefix("a\"\\\n", "p"), 7, "read");

        Assert.Equal(all.ToString(), prefixed.ToString());
        Assert.EndsWith("c_total{id=\"a\\\"\\\\\\n\",pod=\"p\",syscall=\"read\"} 7\n", prefixed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSample_PrefixOfAnotherFamily_Throws()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.BeginFamily("a_total", MetricType.Counter, "h", ["x", "y"]);
        SamplePrefix prefix = writer.Prefix("1");
        writer.BeginFamily("b_total", MetricType.Counter, "h", ["x", "y"]);

        Assert.Throws<ArgumentException>(() => writer.WriteSample(prefix, 1, "2"));
    }

    [Fact]
    public void WriteSample_PrefixAndSuffix_SameLineAsWithAllValues()
    {
        ExpositionWriter all = new(ExpositionFormat.OpenMetrics);
        all.BeginFamily("c_total", MetricType.Counter, "h", ["id", "pod", "syscall"]);
        all.WriteSample(7, "a", "p", "r\"\\\n");
        ExpositionWriter joined = new(ExpositionFormat.OpenMetrics);
        joined.BeginFamily("c_total", MetricType.Counter, "h", ["id", "pod", "syscall"]);

        joined.WriteSample(joined.Prefix("a"), joined.Suffix(1, "p", "r\"\\\n"), 7);

        Assert.Equal(all.ToString(), joined.ToString());
    }

    [Fact]
    public void WriteSample_SuffixNotContinuingThePrefix_Throws()
    {
        ExpositionWriter writer = new(ExpositionFormat.PrometheusText);
        writer.BeginFamily("c_total", MetricType.Counter, "h", ["a", "b", "c"]);

        Assert.Throws<ArgumentException>(() => writer.WriteSample(writer.Prefix("1"), writer.Suffix(2, "3"), 1));
        Assert.Throws<ArgumentException>(() => writer.Suffix(1, "2"));
    }
}
