#!/bin/sh
# Walkthrough 6.2 (IPT allocation move), from the seed page: create the allocation, find a
# person, accept and start a move.
API=http://server

# create an allocation for 2 people
curl --request POST \
  --url http://server/api/allocations \
  --header 'accept: application/vnd.api+json; version=2' \
  --header 'authorization: Bearer XXX' \
  --header 'content-type: application/json' \
  --header 'idempotency-key: fe6050e5-ae32-4ed2-b2a7-fe6e3eb2c239' \
  --data '{ "data": { "type": "allocations", "attributes": { "moves_count": 2, "estate": "adult_male", "estate_comment": "Another estate description", "prisoner_category": "b", "sentence_length": "short", "other_criteria": "curly hair", "requested_by": "Iama Requestor", "complete_in_full": true, "date": "2020-07-22", "complex_cases": [ { "key": "hold_separately", "title": "Segregated prisoners", "answer": true, "allocation_complex_case_id": "8952537a-ecf7-4e25-93d1-2ad67651ad99" } ] }, "relationships": { "from_location": { "data": { "type": "locations", "id": "067c2855-fa41-493d-9c80-1311a4f7ba45" } }, "to_location": { "data": { "type": "locations", "id": "056eed18-772b-45b3-b64a-4d7d563641f7" } } } } }'

# find person by prison number
curl --request GET \
  --url 'http://server/api/people?filter%5Bprison_number%5D=G8133UA' \
  --header 'accept: application/vnd.api+json; version=2' \
  --header 'authorization: Bearer XXX'

# the supplier accepts move1
curl -X POST "$API/api/moves/e9688519-92af-4715-8d88-953846f503ac/accept" \
  -H 'accept: application/vnd.api+json; version=2' \
  -H 'authorization: Bearer XXX' \
  -H 'content-type: application/json' \
  -H 'idempotency-key: e7b6e6bc-a573-441f-9e3d-e76c15673bd4' \
  --data '{ "data": { "type": "accepts", "attributes": { "timestamp": "2020-07-20T10:47:51.589Z" } } }'

# and starts it
curl --request POST \
  --url "${API}/api/moves/e9688519-92af-4715-8d88-953846f503ac/start" \
  --header 'accept: application/vnd.api+json; version=2' \
  --header 'authorization: Bearer XXX' \
  --header 'content-type: application/json' \
  --header 'idempotency-key: 648026af-e5af-4ddd-a907-5c252e543e99' \
  --data '{ "data": { "type": "starts", "attributes": { "timestamp": "2020-07-20T11:01:59.920Z", "notes": "van on the way for person1" } } }'
