using System.Text.Json.Nodes;
using SeccompRecorder.Api.V1;
using SeccompRecorder.Demo;
using Xunit;

namespace SeccompRecorder.Tests.Integration;

/// <summary>
/// Issue #15's done-when, "a new syscall named on every arch", as far as this machine allows. runc 1.1.5 and libseccomp
/// 2.5.4 cannot resolve statmount, listmount, mseal, file_getattr or listns, so runc drops them from the template and the
/// container makes them unseen (the template's default action). What is tested instead: a process in a runc container
/// installs the notify filter runc would install for those raw numbers and hands its fd over as runc does
/// (tests/helpers/newcalls); the daemon records the calls and names them from its generated tables, for x86_64, x32
/// (0x40000000 | nr from the x86_64 build) and x86 (the -m32 build). aarch64 and arm cannot run here: their tables are
/// checked against libseccomp 2.6.1's numbers by Syscalls/SyscallTableTests only.
/// </summary>
[Collection(RuncCollection.Name)]
[Trait(TestTraits.Requires, TestTraits.Root)]
public sealed class NewSyscallNamesTests
{
    // statmount, listmount, mseal, file_getattr, listns: the same numbers on x86_64, x32 and x86 (unified since 424).
    private static readonly string[] s_numbers = ["457", "458", "462", "468", "470"];
    private static readonly string[] s_names = ["statmount", "listmount", "mseal", "file_getattr", "listns"];

    private readonly RuncEnvironment _env;

    public NewSyscallNamesTests(RuncEnvironment env) => _env = env;

    [Fact]
    public async Task RawNewNumbersFromAContainer_NamedFromTheTables_X86_64_X32_X86()
    {
        const string id = "it-newcalls";
        string[] x32 = [.. s_numbers.Select(n => "0x" + (0x4000_0000 | int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToString("x", System.Globalization.CultureInfo.InvariantCulture))];
        RuncBundle bundle = await _env.NewBundleAsync(id);
        bundle.Configure(
            ["/bin/sh", "-c", $"/newcalls /listener.sock {id}-64 {string.Join(' ', s_numbers.Concat(x32))} && /newcalls32 /listener.sock {id}-32 {string.Join(' ', s_numbers)}"],
            seccomp: null);
        RuncConfig.Edit(bundle, config =>
        {
            // The daemon opens the state's pid: the host's pid namespace. Its listener, bound into the container.
            JsonArray namespaces = config["linux"]!["namespaces"]!.AsArray();
            namespaces.Remove(namespaces.Single(n => (string?)n!["type"] == "pid"));
            config["mounts"]!.AsArray().Add(new JsonObject
            {
                ["destination"] = "/listener.sock",
                ["type"] = "bind",
                ["source"] = _env.Daemon.ListenerPath,
                ["options"] = new JsonArray("bind"),
            });
        });

        ProcessResult run = await _env.Runc.RunAsync(bundle.Directory, id, TestTimeouts.Default, CancellationToken.None);
        Container native = await _env.WaitForExitAsync(id + "-64");
        Container i386 = await _env.WaitForExitAsync(id + "-32");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(2, run.StandardOutput.Split('\n').Count(l => l == "newcalls done"));
        Assert.Equal(Expected("x86_64").Concat(Expected("x32")).Order(), native.Syscalls.Select(s => $"{s.Arch} {s.Nr} {s.Name}").Order());
        Assert.Equal(Expected("x86").Order(), i386.Syscalls.Select(s => $"{s.Arch} {s.Nr} {s.Name}").Order());
    }

    private static IEnumerable<string> Expected(string arch) => s_numbers.Zip(s_names, (nr, name) => $"{arch} {nr} {name}");
}
