import { createCycleEndpoint, listCyclesEndpoint } from "../_lib/endpoints";
import { route } from "../_lib/handler";

export const GET = route(listCyclesEndpoint);
export const POST = route(createCycleEndpoint);
