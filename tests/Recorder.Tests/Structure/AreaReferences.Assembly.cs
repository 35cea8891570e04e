using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SeccompRecorder.Tests.Structure;

// The compiled half: every type a type of seccomp-recorder.dll names, read with System.Reflection.Metadata.
internal static partial class AreaReferences
{
    private static IEnumerable<Reference> FromAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        var collector = new Collector(reader);
        var found = new HashSet<(string From, string To, string Evidence)>();

        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            (string? from, string fromName) = Area(reader, handle);
            if (from is null)
            {
                continue;
            }

            collector.Reset();
            collector.VisitType(handle, pe);
            foreach ((string to, string toName) in collector.Used)
            {
                if (to != from)
                {
                    found.Add((from, to, $"{fromName} uses {toName}"));
                }
            }
        }

        return found.Select(f => new Reference(f.From, f.To, f.Evidence));
    }

    /// <summary>The area of a type of this assembly (null for compiler and generator support types), and its outermost type's name.</summary>
    private static (string? Area, string Name) Area(MetadataReader reader, TypeDefinitionHandle handle)
    {
        TypeDefinition type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = reader.GetTypeDefinition(outer);
        }

        string ns = reader.GetString(type.Namespace);
        string name = reader.GetString(type.Name);
        string full = ns.Length == 0 ? name : $"{ns}.{name}";
        if (ns.Length == 0)
        {
            return (name == "Program" ? ProgramArea : null, full);
        }

        return (AreaOfNamespace(ns), full);
    }

    private static string? AreaOfNamespace(string ns)
    {
        if (ns == "SeccompRecorder")
        {
            return RootArea;
        }

        if (!ns.StartsWith("SeccompRecorder.", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = ns["SeccompRecorder.".Length..];
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Collects the areas (and type names) one type of the assembly uses.</summary>
    private sealed class Collector(MetadataReader reader) : ISignatureTypeProvider<bool, object?>
    {
        private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        public HashSet<(string Area, string Name)> Used { get; } = [];

        public void Reset() => Used.Clear();

        public void VisitType(TypeDefinitionHandle handle, PEReader pe)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            VisitEntity(type.BaseType);
            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
            {
                VisitEntity(reader.GetInterfaceImplementation(i).Interface);
            }

            VisitGenericParameters(type.GetGenericParameters());
            VisitAttributes(type.GetCustomAttributes());
            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = reader.GetFieldDefinition(f);
                field.DecodeSignature(this, null);
                VisitAttributes(field.GetCustomAttributes());
            }

            foreach (PropertyDefinitionHandle p in type.GetProperties())
            {
                PropertyDefinition property = reader.GetPropertyDefinition(p);
                property.DecodeSignature(this, null);
                VisitAttributes(property.GetCustomAttributes());
            }

            foreach (EventDefinitionHandle e in type.GetEvents())
            {
                VisitEntity(reader.GetEventDefinition(e).Type);
            }

            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                MethodDefinition method = reader.GetMethodDefinition(m);
                method.DecodeSignature(this, null);
                VisitAttributes(method.GetCustomAttributes());
                VisitGenericParameters(method.GetGenericParameters());
                foreach (ParameterHandle p in method.GetParameters())
                {
                    VisitAttributes(reader.GetParameter(p).GetCustomAttributes());
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    VisitBody(pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }
        }

        private void VisitGenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (GenericParameterHandle g in parameters)
            {
                foreach (GenericParameterConstraintHandle c in reader.GetGenericParameter(g).GetConstraints())
                {
                    VisitEntity(reader.GetGenericParameterConstraint(c).Type);
                }
            }
        }

        // The attribute's type; typeof() arguments in its blob are not decoded (none cross areas today).
        private void VisitAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (CustomAttributeHandle a in attributes)
            {
                VisitEntity(reader.GetCustomAttribute(a).Constructor);
            }
        }

        private void VisitBody(MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            }

            foreach (ExceptionRegion region in body.ExceptionRegions)
            {
                VisitEntity(region.CatchType);
            }

            BlobReader il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                byte first = il.ReadByte();
                short value = first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : first;
                OpCode opCode = s_opCodes[value];
                switch (opCode.OperandType)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        // The count first: "il.Offset += 4 * il.ReadInt32()" would read Offset before the count moves it.
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                    case OperandType.InlineSig:
                        VisitEntity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default: // InlineBrTarget, InlineI, InlineString, ShortInlineR
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void VisitEntity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeReference:
                    Add((TypeReferenceHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    MemberReference member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    VisitEntity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    MethodSpecification spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    VisitEntity(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    StandaloneSignature signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(this, null);
                    }

                    break;
                default: // ModuleReference (a P/Invoke's parent) and the like name no type.
                    break;
            }
        }

        private void Add(TypeDefinitionHandle handle)
        {
            (string? area, string name) = Area(reader, handle);
            if (area is not null)
            {
                Used.Add((area, name));
            }
        }

        private void Add(TypeReferenceHandle handle)
        {
            TypeReference type = reader.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }

            if (type.ResolutionScope.Kind != HandleKind.AssemblyReference)
            {
                return;
            }

            string assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name);
            string? area = assembly switch
            {
                NativeAssembly => NativeArea,
                ProtoAssembly => ProtoArea,
                _ => null,
            };
            if (area is not null)
            {
                Used.Add((area, $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}"));
            }
        }

        public bool GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Add(handle);
            return true;
        }

        public bool GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
        {
            Add(handle);
            return true;
        }

        public bool GetTypeFromSpecification(MetadataReader r, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            r.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => true;

        public bool GetSZArrayType(bool elementType) => true;

        public bool GetArrayType(bool elementType, ArrayShape shape) => true;

        public bool GetByReferenceType(bool elementType) => true;

        public bool GetPointerType(bool elementType) => true;

        public bool GetPinnedType(bool elementType) => true;

        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => true;

        public bool GetGenericMethodParameter(object? genericContext, int index) => true;

        public bool GetGenericTypeParameter(object? genericContext, int index) => true;

        public bool GetFunctionPointerType(MethodSignature<bool> signature) => true;

        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => true;
    }
}
