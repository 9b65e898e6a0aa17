-- Private-channel policies for the realtime conformance suite, written the way a Supabase project
-- writes them: row-level security on realtime.messages, with realtime.topic() naming the channel.
-- Members of a room (listed in app_metadata.rooms of their JWT) may receive and send broadcasts
-- and presence on the private channel "private-room:<room>".
create policy "conformance: room members receive" on realtime.messages
  for select to authenticated
  using (
    realtime.topic() like 'private-room:%'
    and (auth.jwt() -> 'app_metadata' -> 'rooms') ? split_part(realtime.topic(), ':', 2)
  );

create policy "conformance: room members send" on realtime.messages
  for insert to authenticated
  with check (
    realtime.topic() like 'private-room:%'
    and (auth.jwt() -> 'app_metadata' -> 'rooms') ? split_part(realtime.topic(), ':', 2)
  );
