import { updateCycleEndpoint } from "../../_lib/endpoints";
import { route } from "../../_lib/handler";

export const PATCH = route(updateCycleEndpoint);
