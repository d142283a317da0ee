import { getKeyResultEndpoint, updateKeyResultEndpoint } from "../../_lib/endpoints";
import { route } from "../../_lib/handler";

export const GET = route(getKeyResultEndpoint);
export const PATCH = route(updateKeyResultEndpoint);
