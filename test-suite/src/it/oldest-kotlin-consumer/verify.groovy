// The consumer build above ran the README's examples; check what they printed and which jars they ran on.
def log = new File(basedir, 'build.log').text
assert log.contains('page: [ann@example.com]') : 'the quick start did not list its page'
assert log.contains('ann@example.com Ann B.') : 'the quick start did not stream the renamed user'
assert !log.contains('tmp@example.com') : "the quick start's savepoint was not rolled back"
assert log.contains('streamed UserResponse(id=1, email=ann@example.com, postCount=1, nickname=null)') : 'the JSON example did not stream its DTO'
assert log.contains('data: {"orders":3,"total":2500}') : 'the live query example did not see its last change'
assert log.contains('Nice 1 SQLite in practice 1') : 'the relationships example did not run to its end'
assert log =~ /wrote .*migrations.*first/ : 'the migration command did not write its revision'
assert log =~ /upgraded to \w+/ : 'the migration command did not upgrade'
// dependency:list ran first: the runtimes really were the old ones
assert log.contains('org.jetbrains.kotlinx:kotlinx-coroutines-core-jvm:jar:1.8.1')
assert log.contains('org.jetbrains.kotlin:kotlin-stdlib:jar:2.0.21')
assert log.contains('org.jetbrains.kotlinx:kotlinx-serialization-core-jvm:jar:1.7.3')
assert !log.contains('NoSuchMethodError') && !log.contains('NoClassDefFoundError')
return true
