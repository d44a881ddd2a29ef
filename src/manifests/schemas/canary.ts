import Type, { type Static } from "typebox";
import { dnsName, duration } from "./common.ts";

/** Checks that need no query: each runtime's standard request metrics (docs/operations.md lists them). */
export const BUILTIN_CHECKS = ["successRate", "latencyP95", "latencyMean"] as const;
export type BuiltinCheck = (typeof BUILTIN_CHECKS)[number];

const share = (description: string) => Type.Integer({ minimum: 1, maximum: 99, description });

const step = Type.Union(
  [
    share("The new version's share of traffic at this step, in percent."),
    Type.Object(
      {
        weight: share("The new version's share of traffic at this step, in percent."),
        interval: Type.Optional(duration("How long this step runs before its checks are evaluated.")),
      },
      { additionalProperties: false },
    ),
  ],
  { description: "A traffic share (`10`), or a share with its own wait (`{ weight: 10, interval: 10m }`)." },
);

const check = Type.Object(
  {
    name: dnsName("Names the check in reports and /metrics."),
    query: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4000,
        description:
          "PromQL giving one number, evaluated for the new (canary) and the serving (stable) version; placeholders {{namespace}}, {{model}}, {{name}}, {{version}}, {{track}}, {{revision}} (KServe Knative) and {{interval}} are filled in per version.",
      }),
    ),
    builtin: Type.Optional(
      Type.Enum([...BUILTIN_CHECKS], {
        description:
          "A check on the runtime's standard metrics, needing no query: successRate (share of requests answered 2xx/OK), latencyP95 or latencyMean (seconds).",
      }),
    ),
    max: Type.Optional(Type.Number({ description: "The canary's value must be at most this." })),
    min: Type.Optional(Type.Number({ description: "The canary's value must be at least this." })),
    vs: Type.Optional(
      Type.Literal("stable", { description: "Compare with the stable version's value of the same query." }),
    ),
    maxIncrease: Type.Optional(
      Type.Number({
        minimum: 0,
        description: "With vs: stable — canary ≤ stable + this, in the query's units (0.005 is 0.5 pp of a rate).",
      }),
    ),
    maxRatio: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: "With vs: stable — canary ≤ this × stable (e.g. 1.2)." }),
    ),
    maxDecrease: Type.Optional(
      Type.Number({ minimum: 0, description: "With vs: stable — canary ≥ stable − this (higher is better)." }),
    ),
    minRatio: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: "With vs: stable — canary ≥ this × stable (higher is better, e.g. 0.98).",
      }),
    ),
  },
  { additionalProperties: false },
);

export const canarySpec = Type.Object(
  {
    percent: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100,
        description: "A fixed traffic share for the new version, held until another change (no steps, no analysis).",
      }),
    ),
    steps: Type.Optional(
      Type.Array(step, {
        minItems: 1,
        maxItems: 20,
        description: "Traffic shares the new version walks through, rising, before it takes 100%.",
      }),
    ),
    interval: Type.Optional(duration("How long each step runs before its checks are evaluated (e.g. 5m).")),
    shadow: Type.Optional(
      Type.Boolean({
        description:
          "Seldon: mirror all traffic to the new version for one interval first (its answers are discarded), then walk the steps.",
      }),
    ),
    analysis: Type.Optional(
      Type.Object(
        {
          checks: Type.Array(check, { minItems: 1, maxItems: 20, uniqueItems: true }),
          failureLimit: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 100,
              description:
                "Failed evaluations a check may have before the rollout rolls back (default 0: the first failure). A failure within the limit holds the step for another interval.",
            }),
          ),
        },
        { additionalProperties: false, description: "Checks evaluated on live metrics at the end of each step." },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      "Traffic splitting for a new version: a fixed `percent`, or `steps` walked by the deploy with `analysis` on live metrics.",
  },
);

export type CanarySpec = Static<typeof canarySpec>;
export type CanaryCheck = Static<typeof check>;
export type CanaryStep = Static<typeof step>;
