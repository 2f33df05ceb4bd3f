using static OmniBots.Bots.Flows.Catalogue.S;

namespace OmniBots.Bots.Flows.Catalogue;

internal static partial class NodeCatalogue
{
    /// <summary>Condition operators (SPEC FLOW-4). is_empty and is_not_empty take no value. A property, not a field:
    /// <see cref="All"/> is built by a field initialiser in another file of this partial class, which may run first.</summary>
    public static string[] Operators => ["eq", "neq", "gt", "gte", "lt", "lte", "contains", "regex", "is_empty", "is_not_empty"];

    private static IEnumerable<NodeTypeSpec> Logic()
    {
        yield return new(Condition, "logic", "Condition", "Ordered rules; the first that matches picks the output.", false, "default", false,
            [
                Objs("rules", true, "Evaluated in order; the first match wins.", 1, 20,
                    Str("id", true, "The output handle of this rule (unique in the node).", 64),
                    Tpl("left", true, "The value tested, usually {{variable}}.", 500),
                    Enum("operator", true, "How left is compared with value.", Operators),
                    Tpl("value", false, "The value compared with (a pattern for regex); not used by is_empty / is_not_empty.", 500)),
            ],
            [Out("default", true, "Followed when no rule matches.")],
            new DynamicOutputs("rules", "id", true, "Followed when this rule is the first to match."),
            ["Rule ids are unique within the node.", "value is required except for is_empty and is_not_empty.",
             "With regex, value must be a valid pattern (100 ms match timeout).",
             "gt/gte/lt/lte compare as numbers when both sides parse as numbers, else as ordinal strings; eq/neq/contains are case-insensitive."]);

        yield return new(IntentRouter, "logic", "Intent Router", "Routes on the detected intent.", false, "fallback", false,
            [
                Var("variable", false, "The variable holding the intent.", "detected_intent"),
                Objs("routes", true, "One output per intent.", 1, 50,
                    Str("id", true, "The output handle of this route (unique in the node).", 64),
                    Str("intent", true, "The intent name that selects this route (case-insensitive).", 64)),
            ],
            [Out("fallback", true, "Followed when the intent matches no route (including \"none\").")],
            new DynamicOutputs("routes", "id", true, "Followed when the intent equals this route's intent."),
            ["Route ids are unique within the node."]);

        yield return new(SetVariable, "logic", "Set Variable", "Assigns variables, in order.", false, "next", false,
            [
                Objs("assignments", true, "Applied in order (a later one sees the earlier ones).", 1, 20,
                    Var("variable", true, "The variable set."), Tpl("value", true, "The value (a template).", 4000),
                    Enum("valueType", false, "How the rendered text is converted.", ["string", "number", "boolean", "json"], "string")),
            ],
            [Out("next", false, "Followed after the assignments." + CompletesWhenUnconnected)], null,
            ["A value that does not convert to its valueType sets the variable to null and records the error in the step trace."]);

        yield return new(Loop, "logic", "Loop", "Repeats its body a number of times or once per item of a list.", false, "done", false,
            [
                Enum("mode", true, "count: repeat count times; each: once per item of items.", ["count", "each"]),
                Int("count", false, "Repetitions in count mode.", 1, 1000),
                Tpl("items", false, "In each mode: a template naming a list variable, e.g. {{order.lines}}.", 200),
                Var("itemVariable", false, "In each mode: the variable holding the current item.", "loop_item"),
                Var("indexVariable", false, "The variable holding the 0-based iteration.", "loop_index"),
                Int("maxIterations", false, "A hard stop whatever count or items say.", 1, 1000, 100),
            ],
            [
                Out("body", true, "Followed for each iteration; the body leads back to this node to continue."),
                Out("done", false, "Followed when the iterations are over." + CompletesWhenUnconnected),
            ], null, ["count is required in count mode, items in each mode."]);

        yield return new(Delay, "logic", "Delay", "Waits before continuing (shows typing meanwhile).", false, "next", false,
            [Int("seconds", true, "How long to wait.", 1, 3600), Bool("showTyping", "Show the typing indicator while waiting.", true)],
            [Out("next", false, "Followed after the wait; a user message during the wait is kept for the next waiting node." + CompletesWhenUnconnected)],
            null, []);

        yield return new(End, "logic", "End", "Ends the flow.", false, null, false,
            [
                Enum("reason", false, "Recorded on the conversation.", ["completed", "resolved", "abandoned"], "completed"),
                Tpl("message", false, "A last message sent before ending."),
                Bool("returnToCaller", "In a flow entered by Go to flow: go back to the caller's returned output instead of ending."),
            ],
            [], null, ["End has no outputs and cannot be skipped: disabled or not, it ends the flow."]);

        yield return new(GoToFlow, "logic", "Go to flow", "Continues in a linked flow of the version or in a tenant reusable flow.", false, "returned", false,
            [
                Str("linkedFlow", false, "The key of a linked flow of the same version.", 64),
                new SettingSpec("flowId", SettingKinds.Uuid, false, "The id of a tenant reusable flow."),
            ],
            [Out("returned", false, "Followed when the target flow reaches an End with returnToCaller." + CompletesWhenUnconnected)], null,
            ["Exactly one of linkedFlow and flowId.", "The target must exist (a linked flow of this version, a reusable flow of this tenant)."]);
    }
}
