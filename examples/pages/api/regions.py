"""GET /api/regions -> JSON of nearby data, deployed to two regions (Next.js: "Configuring
regions"). `webstd serve examples/pages --region fra1` answers it with a 421."""

from webstd import Response

config = {"runtime": "edge", "regions": ["sfo1", "iad1"]}


async def get_nearby_data():
    return {"regions": config["regions"], "data": ["nearby", "things"]}


async def handler(request):
    return Response.json(await get_nearby_data())
