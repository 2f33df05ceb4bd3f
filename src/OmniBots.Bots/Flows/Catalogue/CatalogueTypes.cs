namespace OmniBots.Bots.Flows.Catalogue;

/// <summary>The kinds of setting value the validator knows how to check (catalogue <c>kind</c>).</summary>
internal static class SettingKinds
{
    public const string String = "string";
    public const string Template = "template";          // text with {{var}}, {{a.b}}, {{env.X}}
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Enum = "enum";
    public const string StringList = "string_list";
    public const string Uuid = "uuid";
    public const string UuidList = "uuid_list";
    public const string Variable = "variable";          // a variable name: letters, digits, _ and dots
    public const string Regex = "regex";                // .NET regex, compiled with a timeout
    public const string JsonPath = "json_path";         // $.a.b[0]
    public const string Object = "object";              // nested fields
    public const string ObjectList = "object_list";     // list of objects with nested fields
    public const string TemplateMap = "template_map";   // language code -> template (per-language variants)
    public const string PromptReference = "prompt_reference"; // { key, version: n | "latest" }
}

/// <param name="Kind">One of <see cref="SettingKinds"/>.</param>
internal sealed record SettingSpec(string Name, string Kind, bool Required, string Description)
{
    public IReadOnlyList<string>? Values { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public int? MaxLength { get; init; }
    public object? Default { get; init; }
    /// <summary>The fields of an object, or of each item of an object list.</summary>
    public IReadOnlyList<SettingSpec>? Fields { get; init; }
    /// <summary>For an object whose fields depend on a sibling setting's value (Rich Content's <c>content</c> by <c>contentType</c>).</summary>
    public string? VariantsBy { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<SettingSpec>>? Variants { get; init; }
}

/// <param name="Required">True: the validator reports the output when no edge leaves it.</param>
/// <param name="Semantics">When the executor follows it.</param>
internal sealed record OutputSpec(string Name, bool Required, string Semantics);

/// <summary>Outputs named by the items of a list setting (one per Condition rule, Intent Router route, Quick Reply option).</summary>
internal sealed record DynamicOutputs(string Setting, string IdField, bool Required, string Semantics);

/// <param name="IsEntry">The flow's entry: exactly one node of such a type per flow.</param>
/// <param name="PassThrough">The output a disabled node is skipped through; null when the type cannot be skipped.</param>
/// <param name="WaitsForInput">The turn ends at this node until the user answers.</param>
/// <param name="Rules">Constraints between settings that the validator enforces beyond the schema.</param>
internal sealed record NodeTypeSpec(
    string Type, string Category, string Name, string Description, bool IsEntry, string? PassThrough, bool WaitsForInput,
    IReadOnlyList<SettingSpec> Settings, IReadOnlyList<OutputSpec> Outputs, DynamicOutputs? DynamicOutputs, IReadOnlyList<string> Rules);

/// <summary>Terse constructors for the catalogue.</summary>
internal static class S
{
    public static SettingSpec Str(string name, bool required, string description, int maxLength = 200)
        => new(name, SettingKinds.String, required, description) { MaxLength = maxLength };

    public static SettingSpec Tpl(string name, bool required, string description, int maxLength = 4000, string? @default = null)
        => new(name, SettingKinds.Template, required, description) { MaxLength = maxLength, Default = @default };

    public static SettingSpec Int(string name, bool required, string description, int min, int max, int? @default = null)
        => new(name, SettingKinds.Integer, required, description) { Min = min, Max = max, Default = @default };

    public static SettingSpec Num(string name, bool required, string description, double min, double max, double? @default = null)
        => new(name, SettingKinds.Number, required, description) { Min = min, Max = max, Default = @default };

    public static SettingSpec Bool(string name, string description, bool @default = false)
        => new(name, SettingKinds.Boolean, false, description) { Default = @default };

    public static SettingSpec Enum(string name, bool required, string description, string[] values, string? @default = null)
        => new(name, SettingKinds.Enum, required, description) { Values = values, Default = @default };

    public static SettingSpec Var(string name, bool required, string description, string? @default = null)
        => new(name, SettingKinds.Variable, required, description) { Default = @default };

    public static SettingSpec List(string name, bool required, string description, int maxItems, int minItems = 0)
        => new(name, SettingKinds.StringList, required, description) { MinItems = minItems, MaxItems = maxItems };

    public static SettingSpec Ids(string name, string description, int maxItems)
        => new(name, SettingKinds.UuidList, false, description) { MaxItems = maxItems };

    public static SettingSpec Obj(string name, bool required, string description, params SettingSpec[] fields)
        => new(name, SettingKinds.Object, required, description) { Fields = fields };

    public static SettingSpec Objs(string name, bool required, string description, int minItems, int maxItems, params SettingSpec[] fields)
        => new(name, SettingKinds.ObjectList, required, description) { MinItems = minItems, MaxItems = maxItems, Fields = fields };

    public static SettingSpec Map(string name, string description)
        => new(name, SettingKinds.TemplateMap, false, description) { MaxItems = 20 };

    public static OutputSpec Out(string name, bool required, string semantics) => new(name, required, semantics);
}
