using Mono.Cecil;
using Mono.Cecil.Cil;

namespace LicenseBot.Tests.Architecture;

/// <summary>
/// Which part of Bot.Core uses which, read from the compiled assembly (signatures, base types, attributes and every
/// instruction of every method body, lambdas and async state machines included), so a dependency hidden in a method
/// body or a fully qualified name counts as much as a <c>using</c>. A part is a folder: a feature
/// (<c>Features/Edit</c>) or a piece of shared machinery (<c>Webex</c>, <c>Licensing</c>); its sub-folders belong to it.
/// </summary>
public sealed class FolderGraph
{
    private const string Root = "LicenseBot.Core";

    /// <summary>part → part it uses → one example "Type → Type" that shows it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges { get; }

    private FolderGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges) => Edges = edges;

    public static FolderGraph Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            if (PartOf(type) is not { } from) continue;
            var uses = edges.TryGetValue(from, out var known) ? known : edges[from] = new(StringComparer.Ordinal);
            foreach (var used in Referenced(type))
            {
                // Types of Bot.Core itself are definitions of this module; everything else (the framework, packages) is outside.
                if (used is not TypeDefinition definition || definition.Module != module) continue;
                if (PartOf(definition) is not { } to || to == from) continue;
                uses.TryAdd(to, $"{Outermost(type).FullName} → {Outermost(definition).FullName}");
            }
        }
        return new FolderGraph(edges.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>The folder a namespace lives in: <c>Features.X</c> for a feature, else its first segment under Bot.Core.</summary>
    public static string? PartOfNamespace(string ns)
    {
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        var segments = ns[(Root.Length + 1)..].Split('.');
        return segments[0] == "Features" && segments.Length > 1 ? $"Features.{segments[1]}" : segments[0];
    }

    /// <summary>Groups of parts that use each other in a circle (strongly connected components of more than one part).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var found = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Edges.TryGetValue(v, out var uses) ? uses.Keys : [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string popped;
            do { popped = stack.Pop(); onStack.Remove(popped); component.Add(popped); } while (popped != v);
            if (component.Count > 1) found.Add(component.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var part in Edges.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(part)) Visit(part);
        return found;
    }

    /// <summary>The arrows inside one group, with their examples, for a failure message.</summary>
    public IEnumerable<string> Describe(IReadOnlyCollection<string> parts)
    {
        foreach (var part in parts.Order(StringComparer.Ordinal))
        {
            if (!Edges.TryGetValue(part, out var uses)) continue;
            foreach (var (to, example) in uses.OrderBy(u => u.Key, StringComparer.Ordinal))
                if (parts.Contains(to)) yield return $"{part} → {to} (e.g. {example})";
        }
    }

    /// <summary>Every arrow leaving <paramref name="part"/>, with its example.</summary>
    public IEnumerable<string> Uses(string part) =>
        Edges.TryGetValue(part, out var uses) ? uses.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => $"{part} → {u.Key} (e.g. {u.Value})") : [];

    private static string? PartOf(TypeDefinition type) => PartOfNamespace(Outermost(type).Namespace);

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments) Add(argument);
                    return;
                case TypeSpecification spec:
                    Add(spec.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void AddAttributes(ICustomAttributeProvider provider)
        {
            if (!provider.HasCustomAttributes) return;
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments) if (argument.Value is TypeReference t) Add(t);
            }
        }
        void AddMember(MemberReference member)
        {
            Add(member.DeclaringType);
            switch (member)
            {
                case MethodReference method:
                    Add(method.ReturnType);
                    foreach (var p in method.Parameters) Add(p.ParameterType);
                    if (method is GenericInstanceMethod g) foreach (var a in g.GenericArguments) Add(a);
                    break;
                case FieldReference field:
                    Add(field.FieldType);
                    break;
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        foreach (var gp in type.GenericParameters) foreach (var c in gp.Constraints) Add(c.ConstraintType);
        foreach (var field in type.Fields) { Add(field.FieldType); AddAttributes(field); }
        foreach (var property in type.Properties) { Add(property.PropertyType); AddAttributes(property); }
        foreach (var e in type.Events) Add(e.EventType);
        foreach (var method in type.Methods)
        {
            AddAttributes(method);
            Add(method.ReturnType);
            foreach (var p in method.Parameters) Add(p.ParameterType);
            if (!method.HasBody) continue;
            foreach (var local in method.Body.Variables) Add(local.VariableType);
            foreach (var handler in method.Body.ExceptionHandlers) Add(handler.CatchType);
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MemberReference m: AddMember(m); break;
                }
            }
        }
        return found;
    }
}
