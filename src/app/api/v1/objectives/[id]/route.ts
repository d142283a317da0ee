import { getObjectiveEndpoint, updateObjectiveEndpoint } from "../../_lib/endpoints";
import { route } from "../../_lib/handler";

export const GET = route(getObjectiveEndpoint);
export const PATCH = route(updateObjectiveEndpoint);
