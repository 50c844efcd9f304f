using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Docent.Tests.Architecture;

/// <summary>
/// Reads, from a compiled assembly, which of its own types each of its types uses: base types, interfaces, fields,
/// properties, events, method signatures, attributes, generic arguments, locals and every type, method or field an
/// instruction names. Compiler-generated nested types (closures, async state machines) count as their declaring type.
/// Hand-written over Mono.Cecil because NetArchTest matches namespaces by name and cannot tell the engine's
/// <c>Docent.Retrieval</c> from the abstractions' namespace of the same name. Stateless; thread-safe.
/// </summary>
internal static class TypeDependencyReader
{
    /// <summary>For each top-level type of <paramref name="assemblyPath"/> (by full name), the other top-level types of the same assembly it uses.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var module = assembly.MainModule;
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var type in module.Types.Where(t => t.Name != "<Module>" && !t.Name.StartsWith('<')))
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in SelfAndNested(type))
            {
                Collect(member, module, used);
            }

            used.Remove(type.FullName);
            result[type.FullName] = used;
        }

        return result;
    }

    private static IEnumerable<TypeDefinition> SelfAndNested(TypeDefinition type) =>
        new[] { type }.Concat(type.NestedTypes.SelectMany(SelfAndNested));

    private static void Collect(TypeDefinition type, ModuleDefinition module, HashSet<string> used)
    {
        void Add(TypeReference? reference) => AddType(reference, module, used);
        Add(type.BaseType);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType);
        }

        AddAttributes(type, module, used);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field, module, used);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property, module, used);
        }

        foreach (var e in type.Events)
        {
            Add(e.EventType);
        }

        foreach (var method in type.Methods)
        {
            Add(method.ReturnType);
            AddAttributes(method, module, used);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
                AddAttributes(parameter, module, used);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var local in method.Body.Variables)
            {
                Add(local.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                AddOperand(instruction, module, used);
            }
        }
    }

    private static void AddOperand(Instruction instruction, ModuleDefinition module, HashSet<string> used)
    {
        switch (instruction.Operand)
        {
            case TypeReference type:
                AddType(type, module, used);
                break;
            case MethodReference method:
                AddType(method.DeclaringType, module, used);
                AddType(method.ReturnType, module, used);
                foreach (var parameter in method.Parameters)
                {
                    AddType(parameter.ParameterType, module, used);
                }

                if (method is GenericInstanceMethod generic)
                {
                    foreach (var argument in generic.GenericArguments)
                    {
                        AddType(argument, module, used);
                    }
                }

                break;
            case FieldReference field:
                AddType(field.DeclaringType, module, used);
                AddType(field.FieldType, module, used);
                break;
        }
    }

    private static void AddAttributes(ICustomAttributeProvider provider, ModuleDefinition module, HashSet<string> used)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            AddType(attribute.AttributeType, module, used);
        }
    }

    private static void AddType(TypeReference? reference, ModuleDefinition module, HashSet<string> used)
    {
        switch (reference)
        {
            case null:
                return;
            case GenericInstanceType generic:
                AddType(generic.ElementType, module, used);
                foreach (var argument in generic.GenericArguments)
                {
                    AddType(argument, module, used);
                }

                return;
            case TypeSpecification specification: // arrays, pointers, by-ref, modifiers
                AddType(specification.ElementType, module, used);
                return;
            case GenericParameter:
                return;
        }

        // Only this assembly's own types: a reference resolved from another assembly names that assembly as its scope.
        if (reference.Scope is not ModuleDefinition scope || scope != module)
        {
            return;
        }

        var top = reference;
        while (top.DeclaringType is not null)
        {
            top = top.DeclaringType;
        }

        if (!top.Name.StartsWith('<'))
        {
            used.Add(top.FullName);
        }
    }
}
