import type { FakeGitHub } from "./fake-github.ts";

/** A small platform repository and one open pull request against it. */
export function seedPlatform(fake: FakeGitHub) {
  fake.addRepo({
    owner: "acme",
    name: "platform",
    files: {
      "README.md": "# platform\n",
      "platform/models/churn.yaml": "kind: Model\nname: churn\n",
      "platform/models/fraud.yaml": "kind: Model\nname: fraud\n",
      "platform/environments/prod.yaml": "kind: Environment\nname: prod\n",
    },
  });
  const pull = fake.openPullRequest({
    owner: "acme",
    repo: "platform",
    number: 12,
    title: "Retune churn",
    user: "alice",
    files: {
      "platform/models/churn.yaml": "kind: Model\nname: churn\nthreshold: 0.4\n",
      "platform/models/uplift.yaml": "kind: Model\nname: uplift\n",
      "platform/models/fraud.yaml": null,
    },
  });
  return { pull };
}
