namespace SeccompRecorder.Tests.Structure;

/// <summary>
/// Which area of src/Recorder uses which, from two sources: the compiled assembly (every type a type
/// names in its base types, fields, signatures, locals, attributes and IL, nested and compiler-made
/// types counted as their outermost type) and the sources' <c>using</c> directives and qualified
/// names. The assembly sees what <c>var</c>, extension methods and parent-namespace lookups hide
/// from a text scan; the text scan sees what the compiler leaves out of the assembly (constants and
/// enum values it inlines, <c>nameof</c>) when a using or a full name brings it in. Unseen: a constant
/// named relative to the parent namespace (<c>Agent.Limits.Max</c> with no using). An area is a
/// top-level folder of src/Recorder, which is
/// the second part of its namespace (<see cref="DependencyDirectionTests.Namespaces_EveryFile_MatchesItsTopLevelFolder"/>).
/// </summary>
internal static partial class AreaReferences
{
    /// <summary>The area of the top-level statements (Program.cs), whose type is in the global namespace.</summary>
    public const string ProgramArea = "Program";

    /// <summary>Types in the root namespace, SeccompRecorder (ThisAssembly.cs).</summary>
    public const string RootArea = "(root)";

    /// <summary>src/Native, a separate assembly.</summary>
    public const string NativeArea = "Native";

    /// <summary>src/Proto's generated messages (SeccompRecorder.Api.V1, Grpc.Health.V1), a separate assembly.</summary>
    public const string ProtoArea = "Proto";

    private const string NativeAssembly = "SeccompRecorder.Native";
    private const string ProtoAssembly = "SeccompRecorder.Proto";

    private static readonly Lazy<IReadOnlyList<Reference>> s_all = new(Collect);

    /// <summary>One use of area <paramref name="To"/> by area <paramref name="From"/>; <paramref name="Evidence"/>
    /// names the using type and the used type, or the file and the line.</summary>
    public sealed record Reference(string From, string To, string Evidence);

    /// <summary>Every cross-area use in src/Recorder, from the assembly and the sources.</summary>
    public static IReadOnlyList<Reference> All => s_all.Value;

    private static List<Reference> Collect()
    {
        var references = new List<Reference>();
        references.AddRange(FromAssembly(typeof(SeccompRecorder.Syscalls.SyscallTable).Assembly.Location));
        references.AddRange(FromSources(Path.Combine(RepoPaths.Root, "src", "Recorder")));
        return references;
    }
}
