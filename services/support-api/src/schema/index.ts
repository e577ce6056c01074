import "./scalars";
import "./error";
import "./enums";
import "./account";
import "./user";
import "./support-action";
import "./factor";
import "./lockout";
import "./attempt";
import "./timeline";
import "./diagnosis";
import "./sms";
import "./support-record";
import "./fraud";
import "./search";
import "./sms-guard";
import "./subscription";
import { builder } from "./builder";

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = builder.toSchema({ sortSchema: true });
